namespace WeGate.Core.Users;

// docs/accounts.md#identities: the kinds of identity. An identifier is unique per kind within a pool.
public static class IdentityKind
{
    public const string WeChatOpenId = "wechat-openid";   // identifier "appid:openid"
    public const string WeChatUnionId = "wechat-unionid"; // identifier: the unionid
    public const string Phone = "phone";                  // identifier: E.164
    public const string Email = "email";                  // identifier: lowercase address
    public const string Password = "password";            // identifier: the login name

    public static readonly IReadOnlyList<string> All = [WeChatOpenId, WeChatUnionId, Phone, Email, Password];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    public static string OpenIdIdentifier(string appId, string openId) => appId + ":" + openId;
}
