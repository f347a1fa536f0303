using System.Data.Common;
using Dapper;
using WeGate.Core.Authorization;

namespace WeGate.Storage.Stores.Oidc;

public sealed class GrantStore(Database db, TimeProvider clock) : IGrantStore
{
    public Task CreateAsync(Grant grant, CancellationToken ct = default) => CreateAsync(grant, null, ct);

    // The grant and its first refresh token commit together: no grant is left without the token its
    // client was sent, and a login costs one write less (docs/architecture.md#writes).
    public async Task CreateAsync(Grant grant, RefreshToken? firstToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var now = Epoch.Ms(clock.GetUtcNow());
        var args = new
        {
            grant.Id, grant.Pool, grant.ClientId, grant.UserId, grant.SessionId, grant.Scope, grant.Amr,
            authTime = grant.AuthTime is { } t ? Epoch.Ms(t) : (long?)null, now,
        };
        Task<int> Insert(DbConnection c, DbTransaction? tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO grants (id, pool, client_id, user_id, session_id, scope, auth_time, amr, created_at) VALUES (@Id, @Pool, @ClientId, @UserId, @SessionId, @Scope, @authTime, @Amr, @now)",
            args, tx, cancellationToken: ct));
        if (firstToken is null)
        {
            await db.WriteAsync(Insert, ct);
            return;
        }
        await db.TransactAsync(async (c, tx) =>
        {
            await Insert(c, tx);
            return await RefreshTokenStore.InsertAsync(c, tx, firstToken, now, ct);
        }, ct);
    }

    public async Task<Grant?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, pool, client_id, user_id, session_id, scope, auth_time, amr, created_at, revoked_at FROM grants WHERE id = @id AND pool = @pool",
            new { id, pool }, cancellationToken: ct));
        return row is null ? null : new Grant(row.Id, row.Pool, row.ClientId, row.UserId, row.SessionId, row.Scope, Epoch.At(row.CreatedAt), row.RevokedAt is not null)
        {
            AuthTime = Epoch.At(row.AuthTime), Amr = row.Amr,
        };
    }

    public async Task<IReadOnlyList<UserGrant>> ListForUserAsync(string pool, string userId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(
            """
            SELECT g.client_id, a.display_name AS application, g.scope, g.created_at, g.auth_time, g.revoked_at FROM grants g
            LEFT JOIN applications a ON a.pool = g.pool AND a.client_id = g.client_id
            WHERE g.pool = @pool AND g.user_id = @userId
            ORDER BY g.created_at DESC, g.id LIMIT @limit
            """,
            new { pool, userId, limit }, cancellationToken: ct));
        return rows.Select(r => new UserGrant(r.ClientId, r.Application, r.Scope, Epoch.At(r.CreatedAt), Epoch.At(r.AuthTime), r.RevokedAt is not null)).ToList();
    }

    public async Task RevokeAsync(string pool, string id, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("UPDATE grants SET revoked_at = @now WHERE id = @id AND pool = @pool AND revoked_at IS NULL", new { id, pool, now }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("UPDATE refresh_tokens SET revoked_at = @now WHERE family_id = @id AND pool = @pool AND revoked_at IS NULL", new { id, pool, now }, tx, cancellationToken: ct));
        }, ct);
    }

    private sealed class UserRow
    {
        public string ClientId { get; set; } = "";
        public string? Application { get; set; }
        public string Scope { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? AuthTime { get; set; }
        public long? RevokedAt { get; set; }
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string? UserId { get; set; }
        public string? SessionId { get; set; }
        public string Scope { get; set; } = "";
        public long? AuthTime { get; set; }
        public string? Amr { get; set; }
        public long CreatedAt { get; set; }
        public long? RevokedAt { get; set; }
    }
}
