using System.Collections.Frozen;

namespace WeGate.Server.Pages;

// The hosted pages in Chinese or English (Texts.Zh.cs, Texts.En.cs): ui_locales first (OIDC Core §3.1.2.1), then
// Accept-Language.
internal sealed partial class Texts
{
    private readonly FrozenDictionary<string, string> _texts;

    private Texts(string language, FrozenDictionary<string, string> texts)
    {
        Language = language;
        _texts = texts;
    }

    public string Language { get; }

    public string this[string key] => _texts[key];

    public IEnumerable<KeyValuePair<string, string>> All => _texts;

    // The words of one part of the pages, e.g. Section("account")["select_title"] is "account.select_title".
    public TextSection Section(string name) => new(this, name);

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

internal readonly record struct TextSection(Texts Texts, string Name)
{
    public string Language => Texts.Language;

    public string this[string key] => Texts[Name + "." + key];

    public string Format(string key, object arg) => Texts.Format(Name + "." + key, arg);
}
