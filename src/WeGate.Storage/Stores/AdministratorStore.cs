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

    private sealed class Row
    {
        public string UserId { get; set; } = "";
        public string Role { get; set; } = "";
        public long CreatedAt { get; set; }
    }
}
