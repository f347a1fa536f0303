using System.Collections.Frozen;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// The console in Chinese or English (ConsoleTexts.Zh.cs, ConsoleTexts.En.cs, the same keys; a test holds
// it): ?lang= chooses and is remembered in a cookie, else Accept-Language, as the hosted pages do.
internal sealed partial class ConsoleTexts
{
    public const string Cookie = "wegate_console_lang";
    private readonly FrozenDictionary<string, string> _texts;

    private ConsoleTexts(string language, FrozenDictionary<string, string> texts)
    {
        Language = language;
        _texts = texts;
    }

    public string Language { get; }

    public bool IsChinese => Language == "zh-CN";

    public string this[string key] => _texts[key];

    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _texts[key], args);

    public static IEnumerable<string> Keys(bool chinese) => (chinese ? Zh : En).Keys;

    public static ConsoleTexts For(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[typeof(ConsoleTexts)] is ConsoleTexts decided)
            return decided;
        var chosen = http.Request.Query["lang"].ToString();
        if (chosen is "en" or "zh-CN")
        {
            http.Response.Cookies.Append(Cookie, chosen, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/console", MaxAge = TimeSpan.FromDays(365), IsEssential = true,
            });
        }
        else
        {
            chosen = http.Request.Cookies[Cookie] ?? "";
        }
        // The hosted pages' choice, with the console's own as the first wish.
        var texts = Texts.For(chosen, http.Request).Language == "zh-CN" ? new ConsoleTexts("zh-CN", Zh) : new ConsoleTexts("en", En);
        http.Items[typeof(ConsoleTexts)] = texts;
        return texts;
    }
}
