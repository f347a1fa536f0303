using System.Collections.Frozen;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.Redirect;

// The words of the WeChat redirect logins (website-qr, oa-web), in the hosted pages' two languages;
// the language is the one Texts chose for the page.
internal static class RedirectTexts
{
    private static readonly FrozenDictionary<string, string> En = new Dictionary<string, string>
    {
        ["mismatch"] = "This sign-in did not start in this browser, was already used, or took too long. Go back to the application and sign in again.",
        ["denied"] = "You cancelled the sign-in in WeChat.",
        ["wechat_error"] = "WeChat could not complete the sign-in.",
        ["retry"] = "Try again",
        ["snapshot_title"] = "Tap “Use full service” to sign in",
        ["snapshot"] = "You are looking at this page in WeChat's preview mode, where nobody can sign in. Tap “使用完整服务” (Use full service) at the bottom of the screen, then sign in again.",
        ["qr_title"] = "Scan with WeChat",
        ["qr_expired"] = "The QR code has expired, or the sign-in was cancelled on the phone.",
        ["qr_new"] = "Show a new QR code",
        ["qr_full_page"] = "Open WeChat's sign-in page instead",
        ["oa_button"] = "Sign in with WeChat",
        ["or"] = "or use a password",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Zh = new Dictionary<string, string>
    {
        ["mismatch"] = "此次登录不是在这个浏览器中发起的、已经使用过，或已超时。请返回应用重新登录。",
        ["denied"] = "你已在微信中取消登录。",
        ["wechat_error"] = "微信未能完成登录。",
        ["retry"] = "重新登录",
        ["snapshot_title"] = "请点击“使用完整服务”后登录",
        ["snapshot"] = "你正在微信的预览模式中浏览此页面，无法登录。请点击屏幕底部的“使用完整服务”，然后重新登录。",
        ["qr_title"] = "微信扫码登录",
        ["qr_expired"] = "二维码已失效，或已在手机上取消登录。",
        ["qr_new"] = "刷新二维码",
        ["qr_full_page"] = "改为打开微信登录页面",
        ["oa_button"] = "微信一键登录",
        ["or"] = "或使用密码登录",
    }.ToFrozenDictionary();

    public static string Get(Texts texts, string key)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return (texts.Language.StartsWith("zh", StringComparison.Ordinal) ? Zh : En)[key];
    }
}
