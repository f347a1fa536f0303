using WeGate.Core.Connections;

namespace WeGate.Storage.Caching;

// Every login reads its connection. The secrets are read from the database (and decrypted) each time,
// so they are never kept in memory longer than a login needs them.
public sealed class CachedConnectionStore(IConnectionStore inner, ReadCache cache) : IConnectionStore
{
    public Task<IReadOnlyList<Connection>> ListAsync(string pool, CancellationToken ct = default) => inner.ListAsync(pool, ct);

    public Task<Connection?> GetAsync(string pool, string slug, CancellationToken ct = default) =>
        cache.GetAsync(("connection", pool, slug), c => inner.GetAsync(pool, slug, c), ct);

    public Task<ConnectionSecrets?> GetSecretsAsync(string pool, string slug, CancellationToken ct = default) =>
        inner.GetSecretsAsync(pool, slug, ct);

    public Task<bool> CreateAsync(Connection connection, ConnectionSecrets secrets, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.CreateAsync(connection, secrets, ct));

    public Task<bool> UpdateAsync(Connection connection, ConnectionSecrets secretChanges, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.UpdateAsync(connection, secretChanges, ct));

    public Task<bool> DeleteAsync(string pool, string slug, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.DeleteAsync(pool, slug, ct));
}
