namespace WeGate.Core.Keys;

// Signing keys per pool and algorithm, private keys encrypted at rest. Every state change runs in one
// transaction holding the pool's key lock, so two nodes creating or rotating at once take turns.
public interface ISigningKeyStore
{
    // The pool's published keys (SigningKeyRecord.IsPublishedAt), the active ones with their private key.
    Task<IReadOnlyList<SigningKeyRecord>> ListPublishedAsync(string pool, CancellationToken ct = default);

    // For each algorithm, inserts whichever of its active and next keys the pool lacks; candidates not
    // needed are dropped. One transaction for all algorithms, so other nodes see a pool's first keys
    // appear together. Returns whether anything was inserted.
    Task<bool> CreateMissingAsync(string pool, IReadOnlyList<NewSigningKeyPair> candidates, CancellationToken ct = default);

    // next → active, active → retired until now + retention, `successor` → next; retired keys no
    // longer published (SigningKeyRecord.IsPublishedAt) are deleted. Returns the kid now active.
    Task<string> RotateAsync(string pool, NewSigningKey successor, TimeSpan retention, CancellationToken ct = default);
}
