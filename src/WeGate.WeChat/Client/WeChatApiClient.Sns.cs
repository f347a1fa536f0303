namespace WeGate.WeChat.Client;

public sealed partial class WeChatApiClient
{
    // Never retried: the code is single-use, so a repeat after a lost response would only yield 40163
    // (docs/wechat-contract.md#lifetimes-and-limits).
    public Task<SnsToken> ExchangeCodeAsync(string appId, string secret, string code, CancellationToken cancellationToken = default) =>
        GetAsync<SnsToken>("sns/oauth2/access_token", repeatable: false, cancellationToken,
            ("appid", appId), ("secret", secret), ("code", code), ("grant_type", "authorization_code"));

    public Task<SnsToken> RefreshTokenAsync(string appId, string refreshToken, CancellationToken cancellationToken = default) =>
        GetAsync<SnsToken>("sns/oauth2/refresh_token", repeatable: false, cancellationToken,
            ("appid", appId), ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    // docs/wechat-contract.md#checking-sns-tokens: {"errcode":0} when the token is valid for that openid. An invalid, expired or
    // foreign token is a plain "no" here; anything else (e.g. -1) is still an error.
    public async Task<bool> CheckSnsTokenAsync(string accessToken, string openId, CancellationToken cancellationToken = default)
    {
        try
        {
            await GetAsync<object>("sns/auth", repeatable: true, cancellationToken, ("access_token", accessToken), ("openid", openId));
            return true;
        }
        catch (WeChatApiException error) when (error.ErrCode == WeChatErrors.InvalidOpenId || error.IsStaleAccessToken)
        {
            return false;
        }
    }

    public Task<SnsUserInfo> GetSnsUserInfoAsync(string accessToken, string openId, string lang = "zh_CN", CancellationToken cancellationToken = default) =>
        GetAsync<SnsUserInfo>("sns/userinfo", repeatable: true, cancellationToken,
            ("access_token", accessToken), ("openid", openId), ("lang", lang));
}
