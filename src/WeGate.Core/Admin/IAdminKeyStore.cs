namespace WeGate.Core.Admin;

// Admin API keys: "wgk_" + a key id + "_" + 43 base64url characters of secret. Only the SHA-256 of the
// whole key is stored, under its id, so a lookup is one indexed read and a comparison in constant time.
public interface IAdminKeyStore
{
    Task<bool> AnyAsync(CancellationToken ct = default);
    Task CreateAsync(AdminKey key, string keyHash, CancellationToken ct = default);
    Task<(AdminKey Key, string Hash)?> FindAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<AdminKey>> ListAsync(CancellationToken ct = default);
    Task<bool> RevokeAsync(string id, CancellationToken ct = default);
    Task TouchAsync(string id, CancellationToken ct = default);
}

// Pools, when not empty, are the only pools the key may manage; an empty list is every pool, and only
// such a key may create or delete pools or manage admin keys.
public sealed record AdminKey(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Revoked)
{
    public IReadOnlyList<string> Pools { get; init; } = [];

    public bool IsScoped => Pools.Count > 0;
}
