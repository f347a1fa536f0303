using System.Collections.Concurrent;
using WeGate.WeChat.Telemetry;

namespace WeGate.WeChat.Client;

// The "one central fetcher" of docs/wechat-contract.md#access-tokens: every fetch retires the previous token after 5
// minutes, so concurrent callers for one AppID must share a single fetch, refresh before expiry, and
// refetch once when WeChat says the token is stale (40001 / 40014 / 42001).
public sealed class AccessTokenCache
{
    private readonly WeChatApiClient _client;
    private readonly IAccessTokenStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshMargin;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fetchLocks = new(StringComparer.Ordinal);

    public AccessTokenCache(WeChatApiClient client, IAccessTokenStore store, TimeProvider time, WeChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _store = store;
        _time = time;
        _refreshMargin = (options ?? new WeChatClientOptions()).TokenRefreshMargin;
    }

    public async Task<string> GetAsync(string appId, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        if (await FreshAsync(appId, cancellationToken) is { } cached)
        {
            return cached;
        }

        var fetchLock = _fetchLocks.GetOrAdd(appId, static _ => new SemaphoreSlim(1, 1));
        await fetchLock.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the lock before us has usually fetched already.
            if (await FreshAsync(appId, cancellationToken) is { } fetched)
            {
                return fetched;
            }

            var started = _time.GetUtcNow();
            AccessTokenResult result;
            try
            {
                result = await _client.GetAccessTokenAsync(appId, secret, cancellationToken);
            }
            catch
            {
                WeChatTelemetry.AccessTokenRefreshed(succeeded: false);
                throw;
            }
            WeChatTelemetry.AccessTokenRefreshed(succeeded: true);
            await _store.SetAsync(appId, new CachedAccessToken(result.AccessToken, started.AddSeconds(result.ExpiresIn)), cancellationToken);
            return result.AccessToken;
        }
        finally
        {
            fetchLock.Release();
        }
    }

    public ValueTask InvalidateAsync(string appId, string staleToken, CancellationToken cancellationToken = default) =>
        _store.RemoveAsync(appId, staleToken, cancellationToken);

    // Runs `call` with the app's token; on a stale-token errcode, drops that token and tries once more.
    public async Task<T> CallAsync<T>(string appId, string secret, Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var token = await GetAsync(appId, secret, cancellationToken);
        try
        {
            return await call(token, cancellationToken);
        }
        catch (WeChatApiException error) when (error.IsStaleAccessToken)
        {
            await InvalidateAsync(appId, token, cancellationToken);
            var fresh = await GetAsync(appId, secret, cancellationToken);
            return await call(fresh, cancellationToken);
        }
    }

    private async ValueTask<string?> FreshAsync(string appId, CancellationToken cancellationToken)
    {
        var cached = await _store.GetAsync(appId, cancellationToken);
        return cached is not null && cached.ExpiresAt - _refreshMargin > _time.GetUtcNow() ? cached.Token : null;
    }
}
