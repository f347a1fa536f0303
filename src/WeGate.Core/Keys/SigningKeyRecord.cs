namespace WeGate.Core.Keys;

// PrivateKeyPkcs8 is read and decrypted for the active key only: nothing else signs.
public sealed record SigningKeyRecord(
    string Kid, string Pool, string Algorithm, string State, string PublicJwk, byte[]? PrivateKeyPkcs8,
    DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? RemoveAfter)
{
    // Next and active keys are always published; a retired one until its remove_after, after which no
    // token it signed is still valid and the next rotation deletes it.
    public bool IsPublishedAt(DateTimeOffset now) =>
        State is SigningKeyState.Next or SigningKeyState.Active || (State == SigningKeyState.Retired && RemoveAfter > now);
}

public sealed record NewSigningKey(string Kid, string Algorithm, byte[] PrivateKeyPkcs8, string PublicJwk);

// A pool's first keys of one algorithm: the one that signs and the one published to sign next.
public sealed record NewSigningKeyPair
{
    public NewSigningKeyPair(NewSigningKey active, NewSigningKey next)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(next);
        if (active.Algorithm != next.Algorithm)
            throw new ArgumentException("The active and next keys must share an algorithm", nameof(next));
        Active = active;
        Next = next;
    }

    public NewSigningKey Active { get; }
    public NewSigningKey Next { get; }
}
