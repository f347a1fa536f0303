using System.Collections.Concurrent;

namespace WeGate.Storage.Caching;

// What rarely changes and is read on every request (a pool, an application and its secret hash, a
// connection and its secrets as stored, still encrypted, whether the grant client-credentials tokens share is live), kept
// for a short time (docs/configuration.md#settings, WeGate:Database:CacheSeconds). A write through
// the caching stores of this node empties the whole cache at once and, through `announce` (PostgreSQL
// NOTIFY, docs/architecture.md#state-and-several-nodes), every other node's too; a write the
// announcement missed is seen when the entry ages out. A read that raced a write never stores what it read.
public sealed class ReadCache(TimeSpan lifetime, TimeProvider clock, Func<string, Task>? announce = null)
{
    private const int MaxEntries = 10_000;

    // Names this node's cache in its announcements, so that it does not empty itself twice.
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

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
            await ClearEverywhereAsync();
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
            await ClearEverywhereAsync();
        }
    }

    // Another node announced a write: everything this node holds may be stale.
    public void ClearFor(string announcingNode)
    {
        if (announcingNode != NodeId)
            Clear();
    }

    // This node may have missed announcements (its listener was reconnecting).
    public void ClearHere() => Clear();

    private async Task ClearEverywhereAsync()
    {
        Clear();
        if (announce is not null)
            await announce(NodeId);
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(object? Value, DateTimeOffset Until);
}
