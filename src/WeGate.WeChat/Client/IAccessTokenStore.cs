namespace WeGate.WeChat.Client;

// Where AccessTokenCache keeps tokens. In memory for one node; the server can share it through the
// database so that several nodes do not supersede each other's tokens (docs/wechat-contract.md#access-tokens).
public interface IAccessTokenStore
{
    ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default);

    ValueTask SetAsync(string appId, CachedAccessToken token, CancellationToken cancellationToken = default);

    // Removes the token only if it is still `token`, so a stale caller cannot drop a fresher one.
    ValueTask RemoveAsync(string appId, string token, CancellationToken cancellationToken = default);
}

public sealed record CachedAccessToken(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"CachedAccessToken {{ Token = ***, ExpiresAt = {ExpiresAt:O} }}";
}
