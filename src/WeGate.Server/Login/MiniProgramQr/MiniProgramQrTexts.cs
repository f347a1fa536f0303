using System.Collections.Frozen;
using System.Globalization;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.MiniProgramQr;

// The mini program code panel's words, in the login page's language (Texts.Language).
internal sealed class MiniProgramQrTexts
{
    private static readonly MiniProgramQrTexts En = new(new Dictionary<string, string>
    {
        ["title"] = "Scan with WeChat · {0}",
        ["alt"] = "Mini program code: scan it with WeChat to sign in",
        ["pending"] = "Open WeChat and scan the code to sign in.",
        ["scanned"] = "Scanned. Confirm the sign-in in the mini program on your phone.",
        ["confirmed"] = "Signed in. One moment…",
        ["expired"] = "This code has expired. Reload the page for a new one.",
        ["busy"] = "WeChat is busy and the code could not be shown. Reload the page to try again, or sign in another way.",
        ["failed"] = "The code cannot be shown: WeChat refused it (errcode {0}). Sign in another way, and tell the site's support.",
        ["unavailable"] = "Signing in with the mini program is not available right now. Sign in another way, and tell the site's support.",
    });

    private static readonly MiniProgramQrTexts Zh = new(new Dictionary<string, string>
    {
        ["title"] = "微信扫码登录 · {0}",
        ["alt"] = "小程序码：用微信扫一扫登录",
        ["pending"] = "请打开微信，扫一扫上方的小程序码登录。",
        ["scanned"] = "已扫码，请在手机上的小程序中确认登录。",
        ["confirmed"] = "登录成功，正在跳转…",
        ["expired"] = "小程序码已过期，请刷新页面获取新的小程序码。",
        ["busy"] = "微信繁忙，小程序码未能显示。请刷新页面重试，或使用其他方式登录。",
        ["failed"] = "小程序码无法显示：微信拒绝了请求（错误码 {0}）。请使用其他方式登录，并告知网站客服。",
        ["unavailable"] = "暂时无法通过小程序登录。请使用其他方式登录，并告知网站客服。",
    });

    private readonly FrozenDictionary<string, string> _texts;

    private MiniProgramQrTexts(Dictionary<string, string> texts) => _texts = texts.ToFrozenDictionary();

    public string this[string key] => _texts[key];

    public string Format(string key, object arg) => string.Format(CultureInfo.InvariantCulture, _texts[key], arg);

    public static MiniProgramQrTexts For(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
}
