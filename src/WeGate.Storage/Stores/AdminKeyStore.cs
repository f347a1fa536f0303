using Dapper;
using WeGate.Core.Admin;

namespace WeGate.Storage.Stores;

public sealed class AdminKeyStore(Database db, TimeProvider clock) : IAdminKeyStore
{
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL", cancellationToken: ct)) > 0;
    }

    public async Task CreateAsync(AdminKey key, string keyHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO admin_keys (id, name, key_hash, created_at) VALUES (@Id, @Name, @keyHash, @at) ON CONFLICT (id) DO NOTHING",
            new { key.Id, key.Name, keyHash, at = Epoch.Ms(key.CreatedAt == default ? clock.GetUtcNow() : key.CreatedAt) }, cancellationToken: ct));
    }

    public async Task<(AdminKey Key, string Hash)?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, key_hash, created_at, last_used_at, revoked_at FROM admin_keys WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (new AdminKey(row.Id, row.Name, Epoch.At(row.CreatedAt), Epoch.At(row.LastUsedAt), row.RevokedAt is not null), row.KeyHash);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE admin_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", new { id, at = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct)) == 1;
    }

    public async Task TouchAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE admin_keys SET last_used_at = @at WHERE id = @id", new { id, at = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string KeyHash { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? LastUsedAt { get; set; }
        public long? RevokedAt { get; set; }
    }
}
