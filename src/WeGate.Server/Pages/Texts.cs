using System.Collections.Frozen;

namespace WeGate.Server.Pages;

// The hosted pages in Chinese and English: ui_locales first (OIDC Core §3.1.2.1), then Accept-Language.
internal sealed class Texts
{
    private static readonly FrozenDictionary<string, string> En = new Dictionary<string, string>
    {
        ["title"] = "Sign in", ["to"] = "to continue to {0}", ["login"] = "Username, phone or email", ["password"] = "Password",
        ["submit"] = "Sign in", ["wrong"] = "The login or password is wrong.", ["locked"] = "Too many failed attempts. Try again in {0} minutes.",
        ["blocked"] = "This account is blocked. Contact the site's support.", ["expired"] = "This sign-in page has expired. Go back to the application and start again.",
        ["error_title"] = "This sign-in link does not work", ["error_hint"] = "Go back to the application and try again. If it keeps happening, tell the site's support:",
        ["missing"] = "Enter your login and password.",
        ["logout_title"] = "Sign out", ["logout_confirm"] = "Sign out of every application of this site in this browser?", ["logout_button"] = "Sign out",
        ["signed_out"] = "You are signed out.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Zh = new Dictionary<string, string>
    {
        ["title"] = "登录", ["to"] = "以继续使用 {0}", ["login"] = "用户名、手机号或邮箱", ["password"] = "密码",
        ["submit"] = "登录", ["wrong"] = "账号或密码错误。", ["locked"] = "失败次数过多，请 {0} 分钟后再试。",
        ["blocked"] = "该账号已被停用，请联系网站客服。", ["expired"] = "登录页面已过期，请返回应用重新开始。",
        ["error_title"] = "此登录链接无效", ["error_hint"] = "请返回应用重试。如果问题持续出现，请将以下信息告知网站客服：",
        ["missing"] = "请输入账号和密码。",
        ["logout_title"] = "退出登录", ["logout_confirm"] = "要在此浏览器中退出本站的所有应用吗？", ["logout_button"] = "退出登录",
        ["signed_out"] = "您已退出登录。",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, string> _texts;

    private Texts(string language, FrozenDictionary<string, string> texts)
    {
        Language = language;
        _texts = texts;
    }

    public string Language { get; }

    public string this[string key] => _texts[key];

    public string Format(string key, object arg) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _texts[key], arg);

    public static Texts For(string? uiLocales, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = (uiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.ToString()));
        foreach (var tag in wanted)
        {
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                return new Texts("zh-CN", Zh);
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                return new Texts("en", En);
        }
        return new Texts("en", En);
    }
}
