using Dapper;
using WeGate.Core.Keys;

namespace WeGate.Storage.Stores;

// Backing store for ASP.NET Core data protection's key ring, so every node shares it (docs/operations.md#data-protection-keys).
public sealed class DataProtectionKeyStore(Database db, TimeProvider clock) : IDataProtectionKeyStore
{
    public async Task<IReadOnlyList<string>> GetAllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition("SELECT xml FROM data_protection_keys ORDER BY created_at", cancellationToken: ct))).ToList();
    }

    public Task StoreAsync(string name, string xml, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml",
            new { name, xml, at = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
}
