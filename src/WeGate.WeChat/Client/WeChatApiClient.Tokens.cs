using System.Text.Json.Nodes;

namespace WeGate.WeChat.Client;

public sealed partial class WeChatApiClient
{
    // docs/wechat-contract.md#access-tokens: a new fetch starts the 5-minute retirement of the previous token, so call
    // this through AccessTokenCache rather than directly.
    public Task<AccessTokenResult> GetAccessTokenAsync(string appId, string secret, CancellationToken cancellationToken = default) =>
        GetAsync<AccessTokenResult>("cgi-bin/token", repeatable: true, cancellationToken,
            ("grant_type", "client_credential"), ("appid", appId), ("secret", secret));

    // docs/wechat-contract.md#access-tokens: force_refresh revokes the current stable token, so only the normal mode is repeated.
    public Task<AccessTokenResult> GetStableAccessTokenAsync(string appId, string secret, bool forceRefresh = false, CancellationToken cancellationToken = default) =>
        PostAsync<AccessTokenResult>("cgi-bin/stable_token", accessToken: null, new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = appId,
            ["secret"] = secret,
            ["force_refresh"] = forceRefresh,
        }, repeatable: !forceRefresh, cancellationToken);
}
