using System.Globalization;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.OfficialAccountFollow;

// What the follow login says: on the login page in the page's language, and in the follower's WeChat chat as a
// passive reply (docs/wechat-contract.md#passive-replies). WeChat users read Chinese first, so replies carry both languages.
internal static class FollowTexts
{
    public sealed record Panel(string Heading, string Pending, string Scanned, string Expired, string Alt, string Unavailable);

    // The login page's words come from the pages' catalogue (Pages/Texts.*.cs, section "follow").
    public static Panel For(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var t = texts.Section("follow");
        return new(t["heading"], t["pending"], t["scanned"], t["expired"], t["alt"], t["unavailable"]);
    }

    public static string Format(string template, string value) => string.Format(CultureInfo.InvariantCulture, template, value);

    public static string SignedIn(string? application) => application is null
        ? "登录成功，请回到网页继续。Signed in; continue on the web page."
        : $"登录成功：已登录「{application}」，请回到网页继续。Signed in to {application}; continue on the web page.";

    public const string Expired = "二维码已过期，请刷新网页后重新扫码。This QR code has expired; reload the web page and scan again.";
    public const string Used = "此二维码已使用过，请刷新网页获取新的二维码。This QR code was already used; reload the web page for a new one.";
    public const string Unknown = "未找到此登录二维码，请刷新网页后重新扫码。This sign-in code is unknown; reload the web page and scan again.";
    public const string StillWorking = "正在登录，请留意网页。Signing you in; watch the web page.";
    public const string NotFollowing = "请先关注公众号，再重新扫码登录。Follow the official account, then scan again to sign in.";

    public static string Failed(string why) => $"登录失败，请刷新网页后重试。Sign-in failed: {why}";

    public static string Refused(string why) => $"未能登录。{why}";
}
