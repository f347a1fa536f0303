using System.Collections.Concurrent;

namespace WeGate.WeChat.Client;

public sealed class InMemoryAccessTokenStore : IAccessTokenStore
{
    private readonly ConcurrentDictionary<string, CachedAccessToken> _tokens = new(StringComparer.Ordinal);

    public ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_tokens.GetValueOrDefault(appId));

    public ValueTask SetAsync(string appId, CachedAccessToken token, CancellationToken cancellationToken = default)
    {
        _tokens[appId] = token;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string appId, string token, CancellationToken cancellationToken = default)
    {
        if (_tokens.TryGetValue(appId, out var current) && current.Token == token)
        {
            _tokens.TryRemove(new KeyValuePair<string, CachedAccessToken>(appId, current));
        }

        return ValueTask.CompletedTask;
    }
}
