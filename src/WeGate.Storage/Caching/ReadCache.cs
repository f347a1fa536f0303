using System.Collections.Concurrent;

namespace WeGate.Storage.Caching;

// What rarely changes and is read on every request (a pool, an application and its secret hash, a
// connection without its secrets, whether the grant client-credentials tokens share is live), kept
// for a short time (docs/configuration.md#settings, WeGate:Database:CacheSeconds). A write through
// the caching stores of this node empties the whole cache at once; a write on another node is seen
// when the entry ages out. A read that raced a write never stores what it read.
public sealed class ReadCache(TimeSpan lifetime, TimeProvider clock)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private long _generation;

    public bool Enabled => lifetime > TimeSpan.Zero;

    public async Task<T> GetAsync<T>(object key, Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (!Enabled)
            return await read(ct);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var hit) && hit.Until > now)
            return (T)hit.Value!;
        var generation = Interlocked.Read(ref _generation);
        var value = await read(ct);
        if (_entries.Count >= MaxEntries)
            _entries.Clear();
        _entries[key] = new Entry(value, now + lifetime);
        if (Interlocked.Read(ref _generation) != generation)
            _entries.TryRemove(key, out _);
        return value;
    }

    // After a write, failed or not: every entry may be stale (deleting a pool deletes its applications).
    public async Task<T> ClearAfterAsync<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        finally
        {
            Clear();
        }
    }

    public async Task ClearAfterAsync(Task write)
    {
        try
        {
            await write;
        }
        finally
        {
            Clear();
        }
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(object? Value, DateTimeOffset Until);
}
