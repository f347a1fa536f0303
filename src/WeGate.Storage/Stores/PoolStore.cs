using Dapper;
using WeGate.Core.Pools;

namespace WeGate.Storage.Stores;

public sealed class PoolStore(Database db, TimeProvider clock) : IPoolStore
{
    private const string Columns = "name, display_name, created_at, updated_at";

    public async Task<IReadOnlyList<Pool>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM pools ORDER BY name", cancellationToken: ct));
        return rows.Select(r => r.ToPool()).ToList();
    }

    public async Task<Pool?> GetAsync(string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM pools WHERE name = @name", new { name }, cancellationToken: ct));
        return row?.ToPool();
    }

    public async Task<bool> CreateAsync(string name, string displayName, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        var n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO pools (name, display_name, created_at, updated_at) VALUES (@name, @displayName, @now, @now) ON CONFLICT (name) DO NOTHING",
            new { name, displayName, now }, tx, cancellationToken: ct)), ct);
        return n == 1;
    }

    public async Task<bool> UpdateAsync(string name, string displayName, CancellationToken ct = default)
    {
        var n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE pools SET display_name = @displayName, updated_at = @now WHERE name = @name",
            new { name, displayName, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
        return n == 1;
    }

    // Foreign keys cascade from pools to everything the pool owns.
    public async Task<bool> DeleteAsync(string name, CancellationToken ct = default)
    {
        return await db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM identities WHERE pool = @name", new { name }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM audit_events WHERE pool = @name", new { name }, tx, cancellationToken: ct));
            var n = await c.ExecuteAsync(new CommandDefinition("DELETE FROM pools WHERE name = @name", new { name }, tx, cancellationToken: ct));
            return n == 1;
        }, ct);
    }

    private sealed class Row
    {
        public string Name { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public Pool ToPool() => new(Name, DisplayName, Epoch.At(CreatedAt), Epoch.At(UpdatedAt));
    }
}
