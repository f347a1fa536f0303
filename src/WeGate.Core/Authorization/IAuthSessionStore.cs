namespace WeGate.Core.Authorization;

// Hand-offs of token-exchange logins that need the person in a browser (docs/oidc.md#when-the-person-must-choose).
// A handle is stored only as its hash and is taken once: of two racing redemptions, exactly one gets the payload.
public interface IAuthSessionStore
{
    Task CreateAsync(string handleHash, string pool, string clientId, string payload, DateTimeOffset expiresAt, CancellationToken ct = default);

    // The payload, removing the hand-off; null when unknown, of another pool or client, expired or taken.
    Task<string?> TakeAsync(string pool, string clientId, string handleHash, CancellationToken ct = default);
}
