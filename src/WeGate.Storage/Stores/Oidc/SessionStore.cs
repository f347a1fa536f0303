using System.Data.Common;
using Dapper;
using WeGate.Core.Sessions;

namespace WeGate.Storage.Stores.Oidc;

// The pool's single sign-on session behind the session cookie; stored by the hash of the cookie value.
public sealed class SessionStore(Database db, TimeProvider clock) : ISessionStore
{
    public async Task CreateAsync(SsoSession session, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.WriteAsync((c, tx) => InsertAsync(c, tx, session, now, ct), ct);
    }

    // The one INSERT of a session, also run inside a sign-in's completion (SignInCompletionStore).
    internal static Task<int> InsertAsync(DbConnection c, DbTransaction? tx, SsoSession session, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sessions (id, pool, user_id, auth_time, amr, created_at, last_seen_at, expires_at)
            VALUES (@Id, @Pool, @UserId, @authTime, @Amr, @now, @now, @expires)
            """,
            new { session.Id, session.Pool, session.UserId, authTime = Epoch.Ms(session.AuthTime), session.Amr, now, expires = Epoch.Ms(session.ExpiresAt) },
            tx, cancellationToken: ct));

    public async Task<SsoSession?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, pool, user_id, auth_time, amr, expires_at FROM sessions WHERE id = @id AND pool = @pool AND revoked_at IS NULL AND expires_at > @now",
            new { id, pool, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        return row is null ? null : new SsoSession(row.Id, row.Pool, row.UserId, Epoch.At(row.AuthTime), row.Amr, Epoch.At(row.ExpiresAt));
    }

    public async Task<IReadOnlyList<UserSession>> ListLiveAsync(string pool, string userId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(
            """
            SELECT created_at, last_seen_at, expires_at, auth_time, amr FROM sessions
            WHERE pool = @pool AND user_id = @userId AND revoked_at IS NULL AND expires_at > @now
            ORDER BY created_at DESC, id LIMIT @limit
            """,
            new { pool, userId, now = Epoch.Ms(clock.GetUtcNow()), limit }, cancellationToken: ct));
        return rows.Select(r => new UserSession(Epoch.At(r.CreatedAt), Epoch.At(r.LastSeenAt), Epoch.At(r.ExpiresAt), Epoch.At(r.AuthTime), r.Amr)).ToList();
    }

    public async Task RevokeAsync(string pool, string id, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("UPDATE sessions SET revoked_at = @now WHERE id = @id AND pool = @pool AND revoked_at IS NULL", new { id, pool, now }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("UPDATE grants SET revoked_at = @now WHERE session_id = @id AND pool = @pool AND revoked_at IS NULL", new { id, pool, now }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("UPDATE refresh_tokens SET revoked_at = @now WHERE session_id = @id AND pool = @pool AND revoked_at IS NULL", new { id, pool, now }, tx, cancellationToken: ct));
        }, ct);
    }

    private sealed class UserRow
    {
        public long CreatedAt { get; set; }
        public long LastSeenAt { get; set; }
        public long ExpiresAt { get; set; }
        public long AuthTime { get; set; }
        public string Amr { get; set; } = "";
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string UserId { get; set; } = "";
        public long AuthTime { get; set; }
        public string Amr { get; set; } = "";
        public long ExpiresAt { get; set; }
    }
}
