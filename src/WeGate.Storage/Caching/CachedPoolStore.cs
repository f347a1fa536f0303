using WeGate.Core.Pools;

namespace WeGate.Storage.Caching;

// Every OIDC request looks its pool up; pools change when an administrator creates or deletes one.
public sealed class CachedPoolStore(IPoolStore inner, ReadCache cache) : IPoolStore
{
    public Task<IReadOnlyList<Pool>> ListAsync(CancellationToken ct = default) => inner.ListAsync(ct);

    public Task<Pool?> GetAsync(string name, CancellationToken ct = default) =>
        cache.GetAsync(("pool", name), c => inner.GetAsync(name, c), ct);

    public Task<bool> CreateAsync(string name, string displayName, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.CreateAsync(name, displayName, ct));

    public Task<bool> UpdateAsync(string name, string displayName, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.UpdateAsync(name, displayName, ct));

    public Task<bool> DeleteAsync(string name, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.DeleteAsync(name, ct));
}
