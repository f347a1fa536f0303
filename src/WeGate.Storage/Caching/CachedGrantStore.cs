using WeGate.Core.Authorization;

namespace WeGate.Storage.Caching;

// Grants are read from the database every time; a revocation through this node also forgets what the
// cache holds, such as whether the grant client-credentials tokens share is live.
public sealed class CachedGrantStore(IGrantStore inner, ReadCache cache) : IGrantStore
{
    public Task CreateAsync(Grant grant, CancellationToken ct = default) => inner.CreateAsync(grant, ct);

    public Task CreateAsync(Grant grant, RefreshToken? firstToken, CancellationToken ct = default) => inner.CreateAsync(grant, firstToken, ct);

    public Task<Grant?> GetAsync(string pool, string id, CancellationToken ct = default) => inner.GetAsync(pool, id, ct);

    public Task<IReadOnlyList<UserGrant>> ListForUserAsync(string pool, string userId, int limit, CancellationToken ct = default) =>
        inner.ListForUserAsync(pool, userId, limit, ct);

    public Task RevokeAsync(string pool, string id, CancellationToken ct = default) =>
        cache.ClearAfterAsync(inner.RevokeAsync(pool, id, ct));
}
