using System.Data.Common;
using Dapper;
using WeGate.Core.Admin;

namespace WeGate.Storage.Stores;

public sealed class AdministratorStore(Database db, TimeProvider clock) : IAdministratorStore
{
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM console_administrators", cancellationToken: ct)) > 0;
    }

    public async Task<bool> CreateAsync(string userId, string role, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO console_administrators (user_id, role, created_at) VALUES (@userId, @role, @at) ON CONFLICT (user_id) DO NOTHING",
            new { userId, role, at = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;

    public async Task<bool> CreateFirstAsync(string userId, string role, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO console_administrators (user_id, role, created_at)
            SELECT @userId, @role, @at WHERE NOT EXISTS (SELECT 1 FROM console_administrators)
            ON CONFLICT (user_id) DO NOTHING
            """,
            new { userId, role, at = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;

    public async Task<Administrator?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT user_id, role, created_at FROM console_administrators WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return row is null ? null : new Administrator(row.UserId, row.Role, Epoch.At(row.CreatedAt));
    }

    public async Task<IReadOnlyList<AdministratorEntry>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT a.user_id, a.role, a.created_at, COALESCE(u.email, a.user_id) AS email, u.last_login_at
            FROM console_administrators a JOIN users u ON u.id = a.user_id
            ORDER BY email, a.user_id
            """, cancellationToken: ct));
        return rows.Select(r => new AdministratorEntry(r.UserId, r.Email, r.Role, Epoch.At(r.CreatedAt), r.LastLoginAt is { } at ? Epoch.At(at) : null)).ToList();
    }

    public async Task<AdministratorChange> RemoveAsync(string userId, CancellationToken ct = default) =>
        await ChangeAsync(userId, null, async (c, tx, now) =>
        {
            // Grants have no foreign key to users: revoking them is what ends the access tokens (as a merge does).
            await UserStore.RevokeAccessAsync(c, tx, ConsolePool.Name, userId, now, ct);
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE pool = @pool AND id = @userId", new { pool = ConsolePool.Name, userId }, tx, cancellationToken: ct));
        }, ct);

    public async Task<AdministratorChange> SetRoleAsync(string userId, string role, CancellationToken ct = default) =>
        await ChangeAsync(userId, role, (c, tx, _) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE console_administrators SET role = @role WHERE user_id = @userId", new { userId, role }, tx, cancellationToken: ct)), ct);

    // Reads every administrator and holds them until the transaction ends (PostgreSQL: row locks in id
    // order; SQLite: the writer's one lock), so the number of owners cannot change between the check and
    // the change. newRole: null for a removal.
    private async Task<AdministratorChange> ChangeAsync(string userId, string? newRole, Func<DbConnection, DbTransaction, long, Task> change, CancellationToken ct)
    {
        var lockRows = db.Provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "";
        return await db.TransactAsync(async (c, tx) =>
        {
            var all = (await c.QueryAsync<Row>(new CommandDefinition(
                $"SELECT user_id, role, created_at FROM console_administrators ORDER BY user_id{lockRows}", transaction: tx, cancellationToken: ct))).ToList();
            var target = all.Find(a => a.UserId == userId);
            if (target is null)
                return AdministratorChange.NotFound;
            if (target.Role == AdministratorRole.Owner && newRole != AdministratorRole.Owner && all.Count(a => a.Role == AdministratorRole.Owner) == 1)
                return AdministratorChange.LastOwner;
            await change(c, tx, Epoch.Ms(clock.GetUtcNow()));
            return AdministratorChange.Done;
        }, ct);
    }

    private sealed class Row
    {
        public string UserId { get; set; } = "";
        public string Role { get; set; } = "";
        public long CreatedAt { get; set; }
        public string Email { get; set; } = "";
        public long? LastLoginAt { get; set; }
    }
}
