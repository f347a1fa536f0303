using System.Data.Common;
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
        db.WriteAsync((c, tx) => InsertAsync(c, tx, token, Epoch.Ms(clock.GetUtcNow()), ct), ct);

    // The one INSERT of a refresh token, also run inside the transaction that creates its grant (GrantStore).
    internal static Task<int> InsertAsync(DbConnection c, DbTransaction? tx, RefreshToken token, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(Insert, Args(token, now), tx, cancellationToken: ct));

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
            var old = row.ToToken();
            await InsertAsync(c, tx, successor(old), now, ct);
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
        return row?.ToToken();
    }

    public async Task<RefreshTokenUse?> FindLiveUseAsync(string pool, string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UseRow>(new CommandDefinition(
            """
            SELECT t.token_hash, t.pool, t.family_id, t.client_id, t.user_id, t.session_id, t.scope, t.expires_at,
                g.id AS grant_id, g.client_id AS grant_client_id, g.user_id AS grant_user_id, g.session_id AS grant_session_id, g.scope AS grant_scope,
                g.auth_time AS grant_auth_time, g.amr AS grant_amr, g.created_at AS grant_created_at, g.revoked_at AS grant_revoked_at,
                u.blocked AS user_blocked, u.id IS NOT NULL AS user_exists
            FROM refresh_tokens t
            LEFT JOIN grants g ON g.id = t.family_id AND g.pool = t.pool
            LEFT JOIN users u ON u.id = t.user_id AND u.pool = t.pool
            WHERE t.token_hash = @tokenHash AND t.pool = @pool AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > @now
            """, new { pool, tokenHash, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        if (row is null)
            return null;
        var grant = row.GrantId is null ? null
            : new Grant(row.GrantId, row.Pool, row.GrantClientId!, row.GrantUserId, row.GrantSessionId, row.GrantScope!, Epoch.At(row.GrantCreatedAt!.Value),
                row.GrantRevokedAt is not null)
            {
                AuthTime = Epoch.At(row.GrantAuthTime), Amr = row.GrantAmr,
            };
        return new RefreshTokenUse(row.ToToken(), grant, row.UserExists && row.UserBlocked != true);
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

    private class Row
    {
        public string TokenHash { get; set; } = "";
        public string Pool { get; set; } = "";
        public string FamilyId { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? SessionId { get; set; }
        public string Scope { get; set; } = "";
        public long ExpiresAt { get; set; }

        public RefreshToken ToToken() => new(TokenHash, Pool, FamilyId, ClientId, UserId, SessionId, Scope, Epoch.At(ExpiresAt));
    }

    // A token with its grant's columns (grant_…) and its user's state, from FindLiveUseAsync's joins.
    private sealed class UseRow : Row
    {
        public string? GrantId { get; set; }
        public string? GrantClientId { get; set; }
        public string? GrantUserId { get; set; }
        public string? GrantSessionId { get; set; }
        public string? GrantScope { get; set; }
        public long? GrantAuthTime { get; set; }
        public string? GrantAmr { get; set; }
        public long? GrantCreatedAt { get; set; }
        public long? GrantRevokedAt { get; set; }
        public bool? UserBlocked { get; set; }
        public bool UserExists { get; set; }
    }
}
