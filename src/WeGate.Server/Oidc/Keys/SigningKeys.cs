using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using WeGate.Core.Keys;

namespace WeGate.Server.Oidc.Keys;

// Each pool signs with its own keys: one active key per algorithm plus a published next key, created
// for every algorithm at once on the pool's first use, so afterwards keys only ever appear as next keys
// that every node loads before they sign. Rotation activates the next key, which relying parties have
// held for as long as it was published: rotate less often than relying parties refresh the JWKS (and
// than PoolKeyCache.Ttl), keep retired keys longer than the longest token lifetime, and rotate from
// one place (a rotation started on two nodes at once rotates twice).
public sealed class SigningKeys : ISigningKeys
{
    private readonly ISigningKeyStore _store;
    private readonly ILogger<SigningKeys> _logger;
    private readonly PoolKeyCache _cache;
    private readonly JwsValidator _validator;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _creating = new(StringComparer.Ordinal);

    public SigningKeys(ISigningKeyStore store, TimeProvider clock, ILogger<SigningKeys> logger)
    {
        _store = store;
        _logger = logger;
        _cache = new PoolKeyCache(store, clock);
        _validator = new JwsValidator(_cache, clock);
    }

    public Task<string> SignAsync(string pool, string algorithm, string? typ, ReadOnlyMemory<byte> payloadJson, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        RequireSupported(algorithm);
        if (_cache.TryGetFresh(pool, out var keys) && keys.Active(algorithm) is { } key)
            return Task.FromResult(CompactJws.Sign(key, typ, payloadJson.Span));
        return SignSlowAsync(pool, algorithm, typ, payloadJson, ct);
    }

    public async Task<JsonObject> GetJwksAsync(string pool, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        var keys = await _cache.GetAsync(pool, ct);
        // Every algorithm the discovery document offers has its keys published from the first request,
        // so a relying party's first JWKS fetch already holds the key of any token it will receive.
        if (JwsAlgorithm.Supported.All(keys.IsReadyToRotate))
            return keys.Jwks();
        await CreateMissingAsync(pool, ct);
        return (await _cache.GetAsync(pool, ct)).Jwks();
    }

    public Task<JwtCheck> ValidateAsync(string pool, string token, string expectedIssuer, string? expectedTyp, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        ArgumentException.ThrowIfNullOrEmpty(expectedIssuer);
        return _validator.ValidateAsync(pool, token, expectedIssuer, expectedTyp, ct);
    }

    public async Task<string> RotateAsync(string pool, string algorithm, TimeSpan retention, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        RequireSupported(algorithm);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        _cache.Invalidate(pool);
        if (!(await _cache.GetAsync(pool, ct)).IsReadyToRotate(algorithm))
            await CreateMissingAsync(pool, ct);
        var kid = await _store.RotateAsync(pool, JwsKeyFactory.Create(algorithm), retention, ct);
        _cache.Invalidate(pool);
        _logger.LogInformation("Rotated the {Algorithm} signing key of pool {Pool}: {Kid} now signs; the previous key stays published for {Retention}",
            algorithm, pool, kid, retention);
        return kid;
    }

    private async Task<string> SignSlowAsync(string pool, string algorithm, string? typ, ReadOnlyMemory<byte> payloadJson, CancellationToken ct)
    {
        var key = (await _cache.GetAsync(pool, ct)).Active(algorithm);
        if (key is null)
        {
            await CreateMissingAsync(pool, ct);
            key = (await _cache.GetAsync(pool, ct)).Active(algorithm)
                ?? throw new InvalidOperationException($"Pool '{pool}' has no active {algorithm} key after creating one");
        }
        return CompactJws.Sign(key, typ, payloadJson.Span);
    }

    // Callers in this process share one creation per pool; across nodes, the store's transaction
    // decides, and a node that loses only wastes the keys it generated.
    private Task CreateMissingAsync(string pool, CancellationToken ct) =>
        _creating.GetOrAdd(pool, static (p, self) => new Lazy<Task>(() => self.CreateAndForgetAsync(p)), this).Value.WaitAsync(ct);

    private async Task CreateAndForgetAsync(string pool)
    {
        try
        {
            // RSA key generation takes a good fraction of a second: off the request's thread.
            var candidates = await Task.Run(() => JwsAlgorithm.Supported
                .Select(a => new NewSigningKeyPair(JwsKeyFactory.Create(a), JwsKeyFactory.Create(a))).ToList());
            if (await _store.CreateMissingAsync(pool, candidates, CancellationToken.None))
                _logger.LogInformation("Created signing keys for pool {Pool}", pool);
            _cache.Invalidate(pool);
        }
        finally
        {
            _creating.TryRemove(pool, out _);
        }
    }

    private static void RequireSupported(string algorithm)
    {
        if (!JwsAlgorithm.IsSupported(algorithm))
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "WeGate signs with ES256 or RS256");
    }
}
