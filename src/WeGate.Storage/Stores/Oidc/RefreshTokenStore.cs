using Dapper;
using WeGate.Core.Authorization;

namespace WeGate.Storage.Stores.Oidc;

// Refresh tokens rotate: each use marks the presented token rotated and stores its successor, in one
// transaction; the UPDATE … WHERE rotated_at IS NULL lets exactly one of two racing requests win.
public sealed class RefreshTokenStore(Database db, TimeProvider clock) : IRefreshTokenStore
{
    private const string Insert =
        """
        INSERT INTO refresh_tokens (token_hash, pool, family_id, client_id, user_id, session_id, scope, created_at, expires_at)
        VALUES (@TokenHash, @Pool, @GrantId, @ClientId, @UserId, @SessionId, @Scope, @now, @expires)
        """;

    public Task CreateAsync(RefreshToken token, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(Insert, Args(token, Epoch.Ms(clock.GetUtcNow())), tx, cancellationToken: ct)), ct);

    public async Task<RefreshRotation> RotateAsync(string pool, string presentedHash, Func<RefreshToken, RefreshToken> successor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(successor);
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.TransactAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                """
                UPDATE refresh_tokens SET rotated_at = @now
                WHERE token_hash = @presentedHash AND pool = @pool AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > @now
                RETURNING token_hash, pool, family_id, client_id, user_id, session_id, scope, expires_at
                """, new { pool, presentedHash, now }, tx, cancellationToken: ct));
            if (row is null)
            {
                var earlier = await c.QuerySingleOrDefaultAsync<Earlier>(new CommandDefinition(
                    "SELECT family_id, rotated_at FROM refresh_tokens WHERE token_hash = @presentedHash AND pool = @pool",
                    new { pool, presentedHash }, tx, cancellationToken: ct));
                return earlier is null ? new RefreshRotation.Invalid() : RefreshRotation.Refused(Epoch.At(earlier.RotatedAt), earlier.FamilyId);
            }
            var old = new RefreshToken(row.TokenHash, row.Pool, row.FamilyId, row.ClientId, row.UserId, row.SessionId, row.Scope, Epoch.At(row.ExpiresAt));
            await c.ExecuteAsync(new CommandDefinition(Insert, Args(successor(old), now), tx, cancellationToken: ct));
            return new RefreshRotation.Rotated(old);
        }, ct);
    }

    public async Task<RefreshToken?> FindLiveAsync(string pool, string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT token_hash, pool, family_id, client_id, user_id, session_id, scope, expires_at FROM refresh_tokens
            WHERE token_hash = @tokenHash AND pool = @pool AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            """, new { pool, tokenHash, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        return row is null ? null : new RefreshToken(row.TokenHash, row.Pool, row.FamilyId, row.ClientId, row.UserId, row.SessionId, row.Scope, Epoch.At(row.ExpiresAt));
    }

    private static object Args(RefreshToken t, long now) => new
    {
        t.TokenHash, t.Pool, t.GrantId, t.ClientId, t.UserId, t.SessionId, t.Scope, now, expires = Epoch.Ms(t.ExpiresAt),
    };

    private sealed class Earlier
    {
        public string FamilyId { get; set; } = "";
        public long? RotatedAt { get; set; }
    }

    private sealed class Row
    {
        public string TokenHash { get; set; } = "";
        public string Pool { get; set; } = "";
        public string FamilyId { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? SessionId { get; set; }
        public string Scope { get; set; } = "";
        public long ExpiresAt { get; set; }
    }
}
