using WeGate.Core.Connections;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Caching;

// Every login reads its connection and, to call WeChat, its secrets. The cache keeps the secrets only
// as stored, encrypted with the master key; each read decrypts them, so that they are never kept in
// memory in the clear longer than a login needs them.
public sealed class CachedConnectionStore(ConnectionStore inner, ReadCache cache) : IConnectionStore
{
    public Task<IReadOnlyList<Connection>> ListAsync(string pool, CancellationToken ct = default) => inner.ListAsync(pool, ct);

    public Task<Connection?> GetAsync(string pool, string slug, CancellationToken ct = default) =>
        cache.GetAsync(("connection", pool, slug), c => inner.GetAsync(pool, slug, c), ct);

    public async Task<ConnectionSecrets?> GetSecretsAsync(string pool, string slug, CancellationToken ct = default)
    {
        var blob = await cache.GetAsync(("connection-secrets", pool, slug), c => inner.GetSealedSecretsAsync(pool, slug, c), ct);
        return blob is null ? null : inner.OpenSecrets(pool, slug, blob);
    }

    public Task<bool> CreateAsync(Connection connection, ConnectionSecrets secrets, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.CreateAsync(connection, secrets, ct));

    public Task<bool> UpdateAsync(Connection connection, ConnectionSecrets secretChanges, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.UpdateAsync(connection, secretChanges, ct));

    public Task<bool> DeleteAsync(string pool, string slug, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.DeleteAsync(pool, slug, ct));
}
