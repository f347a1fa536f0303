using WeGate.Core.Connections;
using WeGate.WeChat.Client;

namespace WeGate.Server.WeChat;

// Shares WeChat access tokens between nodes through the database (docs/wechat-contract.md#access-tokens).
internal sealed class DatabaseAccessTokenStore(IWeChatTokenStore store) : IAccessTokenStore
{
    public async ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(appId, cancellationToken) is { } found ? new CachedAccessToken(found.Token, found.ExpiresAt) : null;

    public async ValueTask SetAsync(string appId, CachedAccessToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await store.SetAsync(appId, token.Token, token.ExpiresAt, cancellationToken);
    }

    public async ValueTask RemoveAsync(string appId, string token, CancellationToken cancellationToken = default) =>
        await store.RemoveAsync(appId, token, cancellationToken);
}
