using WeGate.WeChat.Client;

namespace WeGate.Server.Login.Redirect;

// The profile WeChat shares through sns/userinfo (docs/wechat-contract.md#the-sns-profile). It is a courtesy: a login does not
// fail because the profile could not be read, it just arrives without a nickname and avatar.
internal static class SnsProfile
{
    public static async Task<SnsUserInfo?> TryReadAsync(WeChatApiClient wechat, SnsToken token, ILogger logger, CancellationToken ct)
    {
        if (!token.Scope.Contains("userinfo", StringComparison.Ordinal) && !token.Scope.Contains("snsapi_login", StringComparison.Ordinal))
            return null;
        try
        {
            return await wechat.GetSnsUserInfoAsync(token.AccessToken, token.OpenId, cancellationToken: ct);
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            logger.LogWarning(e, "sns/userinfo failed; signing in without the WeChat profile");
            return null;
        }
    }

    // headimgurl "" means no avatar (docs/wechat-contract.md#the-sns-profile).
    public static string? Avatar(SnsUserInfo? info) => string.IsNullOrEmpty(info?.HeadImgUrl) ? null : info.HeadImgUrl;
}
