using WeGate.Core.Applications;

namespace WeGate.Storage.Caching;

// Every token request authenticates its client: the application and its secret hash. Disabling,
// deleting or rotating the secret through this node takes effect at once; through another node, within
// the cache's lifetime (docs/configuration.md#settings).
public sealed class CachedApplicationStore(IApplicationStore inner, ReadCache cache) : IApplicationStore
{
    public Task<IReadOnlyList<Application>> ListAsync(string pool, CancellationToken ct = default) => inner.ListAsync(pool, ct);

    public Task<Application?> GetAsync(string pool, string clientId, CancellationToken ct = default) =>
        cache.GetAsync(("application", pool, clientId), c => inner.GetAsync(pool, clientId, c), ct);

    public Task<string?> GetSecretHashAsync(string pool, string clientId, CancellationToken ct = default) =>
        cache.GetAsync(("secret", pool, clientId), c => inner.GetSecretHashAsync(pool, clientId, c), ct);

    public Task<bool> CreateAsync(Application application, string? secretHash, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.CreateAsync(application, secretHash, ct));

    public Task<bool> UpdateAsync(Application application, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.UpdateAsync(application, ct));

    public Task<bool> SetSecretHashAsync(string pool, string clientId, string secretHash, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.SetSecretHashAsync(pool, clientId, secretHash, ct));

    public Task<bool> DeleteAsync(string pool, string clientId, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.DeleteAsync(pool, clientId, ct));
}
