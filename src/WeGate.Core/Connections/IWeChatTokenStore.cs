namespace WeGate.Core.Connections;

// WeChat access tokens by AppID, shared by every node and encrypted at rest.
public interface IWeChatTokenStore
{
    Task<(string Token, DateTimeOffset ExpiresAt)?> GetAsync(string appId, CancellationToken ct = default);

    Task SetAsync(string appId, string token, DateTimeOffset expiresAt, CancellationToken ct = default);

    // Deletes the token only if it is still the one the caller saw, so a node holding a stale token
    // cannot drop the fresh one another node just stored. True when it deleted it.
    Task<bool> RemoveAsync(string appId, string token, CancellationToken ct = default);
}
