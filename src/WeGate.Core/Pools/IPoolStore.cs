namespace WeGate.Core.Pools;

public interface IPoolStore
{
    Task<IReadOnlyList<Pool>> ListAsync(CancellationToken ct = default);
    Task<Pool?> GetAsync(string name, CancellationToken ct = default);

    // False when a pool of that name exists already.
    Task<bool> CreateAsync(string name, string displayName, CancellationToken ct = default);
    Task<bool> UpdateAsync(string name, string displayName, CancellationToken ct = default);

    // Deletes the pool and everything in it.
    Task<bool> DeleteAsync(string name, CancellationToken ct = default);
}
