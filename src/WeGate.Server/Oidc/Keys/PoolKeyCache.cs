using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using WeGate.Core.Keys;

namespace WeGate.Server.Oidc.Keys;

// The published keys of each pool, read from the database at most once per TTL, so signing is not a
// database round trip per token. This node drops a pool's snapshot when it creates or rotates keys;
// other nodes see a rotation within Ttl. That is safe because a rotation only activates a key that
// was already published, and retired keys stay published: a node on an old snapshot signs with the old
// key, which every node still accepts. A kid this node does not know triggers an early reload (at most
// every MissRefresh), in case two rotations came less than Ttl apart.
internal sealed class PoolKeyCache(ISigningKeyStore store, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MissRefresh = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Lazy<Task<PoolKeys>>> _pools = new(StringComparer.Ordinal);

    public bool TryGetFresh(string pool, [NotNullWhen(true)] out PoolKeys? keys)
    {
        if (_pools.TryGetValue(pool, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully
            && IsYoungerThan(entry.Value.Result, Ttl))
        {
            keys = entry.Value.Result;
            return true;
        }
        keys = null;
        return false;
    }

    public Task<PoolKeys> GetAsync(string pool, CancellationToken ct) =>
        TryGetFresh(pool, out var keys) ? Task.FromResult(keys) : LoadAsync(pool, Ttl).WaitAsync(ct);

    public async Task<JwsKey?> FindAsync(string pool, string kid, CancellationToken ct)
    {
        var keys = await GetAsync(pool, ct);
        return keys.Find(kid) ?? (keys.IsEmpty ? null : (await LoadAsync(pool, MissRefresh).WaitAsync(ct)).Find(kid));
    }

    public void Invalidate(string pool) => _pools.TryRemove(pool, out _);

    // Returns the snapshot if it is younger than maxAge, else joins or starts one reload. The load runs
    // without the caller's token: other callers share it.
    private Task<PoolKeys> LoadAsync(string pool, TimeSpan maxAge)
    {
        while (true)
        {
            Lazy<Task<PoolKeys>>? fresh = null;
            fresh = new Lazy<Task<PoolKeys>>(() => ReadAsync(pool, fresh!));
            if (!_pools.TryGetValue(pool, out var seen))
            {
                if (_pools.TryAdd(pool, fresh))
                    return fresh.Value;
                continue;
            }
            var task = seen.Value;
            if (!task.IsCompleted || (task.IsCompletedSuccessfully && IsYoungerThan(task.Result, maxAge)))
                return task;
            if (_pools.TryUpdate(pool, fresh, seen))
                return fresh.Value;
        }
    }

    private async Task<PoolKeys> ReadAsync(string pool, Lazy<Task<PoolKeys>> entry)
    {
        var records = await store.ListPublishedAsync(pool, CancellationToken.None);
        var keys = new PoolKeys(records.Select(JwsKey.Load).ToList(), clock.GetUtcNow());
        // Pool names may come from request paths: only pools that have keys stay in memory.
        if (keys.IsEmpty)
            _pools.TryRemove(KeyValuePair.Create(pool, entry));
        return keys;
    }

    // A pool without keys is never fresh: its keys are about to be created, here or on another node.
    private bool IsYoungerThan(PoolKeys keys, TimeSpan age) => !keys.IsEmpty && clock.GetUtcNow() - keys.LoadedAt < age;
}

internal sealed class PoolKeys
{
    private readonly Dictionary<string, JwsKey> _byKid;
    private readonly Dictionary<string, JwsKey> _activeByAlgorithm = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withNext = new(StringComparer.Ordinal);
    private readonly JsonObject _jwks;

    public PoolKeys(IReadOnlyList<JwsKey> keys, DateTimeOffset loadedAt)
    {
        LoadedAt = loadedAt;
        _byKid = keys.ToDictionary(k => k.Kid, StringComparer.Ordinal);
        // Should two keys ever be active, the later activation signs; both still validate.
        foreach (var k in keys.Where(k => k.State == SigningKeyState.Active && k.CanSign).OrderBy(k => k.ActivatedAt))
            _activeByAlgorithm[k.Algorithm] = k;
        foreach (var k in keys.Where(k => k.State == SigningKeyState.Next))
            _withNext.Add(k.Algorithm);
        var ordered = keys.OrderBy(k => SigningKeyState.PublishOrder(k.State)).ThenBy(k => k.Algorithm, StringComparer.Ordinal);
        _jwks = new JsonObject { ["keys"] = new JsonArray(ordered.Select(k => (JsonNode)k.PublicJwk.DeepClone()).ToArray()) };
    }

    public DateTimeOffset LoadedAt { get; }
    public bool IsEmpty => _byKid.Count == 0;

    public JwsKey? Find(string kid) => _byKid.GetValueOrDefault(kid);

    public JwsKey? Active(string algorithm) => _activeByAlgorithm.GetValueOrDefault(algorithm);

    public bool IsReadyToRotate(string algorithm) => Active(algorithm) is not null && _withNext.Contains(algorithm);

    // A copy: callers may change or re-parent what they get.
    public JsonObject Jwks() => (JsonObject)_jwks.DeepClone();
}
