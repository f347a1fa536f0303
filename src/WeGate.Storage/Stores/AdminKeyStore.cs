using Dapper;
using WeGate.Core.Admin;

namespace WeGate.Storage.Stores;

public sealed class AdminKeyStore(Database db, TimeProvider clock) : IAdminKeyStore
{
    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM admin_keys WHERE revoked_at IS NULL", cancellationToken: ct)) > 0;
    }

    public async Task CreateAsync(AdminKey key, string keyHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO admin_keys (id, name, key_hash, created_at, pools) VALUES (@Id, @Name, @keyHash, @at, @pools) ON CONFLICT (id) DO NOTHING",
            new { key.Id, key.Name, keyHash, at = Epoch.Ms(key.CreatedAt == default ? clock.GetUtcNow() : key.CreatedAt), pools = key.IsScoped ? StoredJson.Write(key.Pools) : null },
            tx, cancellationToken: ct)), ct);
    }

    public async Task<(AdminKey Key, string Hash)?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, key_hash, created_at, last_used_at, revoked_at, pools FROM admin_keys WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : (row.ToKey(), row.KeyHash);
    }

    public async Task<IReadOnlyList<AdminKey>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, name, key_hash, created_at, last_used_at, revoked_at, pools FROM admin_keys ORDER BY created_at, id", cancellationToken: ct));
        return rows.Select(r => r.ToKey()).ToList();
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE admin_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", new { id, at = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;

    public Task TouchAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE admin_keys SET last_used_at = @at WHERE id = @id", new { id, at = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string KeyHash { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? LastUsedAt { get; set; }
        public long? RevokedAt { get; set; }
        public string? Pools { get; set; }

        public AdminKey ToKey() => new(Id, Name, Epoch.At(CreatedAt), Epoch.At(LastUsedAt), RevokedAt is not null)
        {
            Pools = Pools is null ? [] : StoredJson.ReadList(Pools),
        };
    }
}
