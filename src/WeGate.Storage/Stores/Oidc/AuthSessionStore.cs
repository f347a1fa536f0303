using Dapper;
using WeGate.Core.Authorization;

namespace WeGate.Storage.Stores.Oidc;

// Parked WeChat arrivals of token-exchange logins that need the person on the hosted account pages
// (migration 0007). A handle is stored only as its hash and is taken once: of two racing redemptions,
// exactly one gets the payload.
public sealed class AuthSessionStore(Database db, TimeProvider clock) : IAuthSessionStore
{
    public async Task CreateAsync(string handleHash, string pool, string clientId, string payload, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        // Expired sessions are never taken; housekeeping deletes them (ExpiredRows).
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO auth_sessions (handle_hash, pool, client_id, payload, created_at, expires_at) VALUES (@handleHash, @pool, @clientId, @payload, @now, @expires)",
            new { handleHash, pool, clientId, payload, now, expires = Epoch.Ms(expiresAt) }, tx, cancellationToken: ct)), ct);
    }

    // The payload, removing the session; null when unknown, of another pool or client, expired or taken.
    public async Task<string?> TakeAsync(string pool, string clientId, string handleHash, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "DELETE FROM auth_sessions WHERE handle_hash = @handleHash AND pool = @pool AND client_id = @clientId AND expires_at > @now RETURNING payload",
            new { handleHash, pool, clientId, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
    }
}
