using System.Globalization;
using System.Text;
using WeGate.Core.Connections;
using WeGate.Server.Pages;

namespace WeGate.Server.Interaction;

internal sealed record FlowPanel(Connection Connection, LoginPanelKind Kind, string Html, bool Unavailable);

internal sealed record MethodPanel(string Id, string Html);

// The method the page shows: a tab (LoginPageUrls.QrMethod, an ILoginMethod's id, or
// LoginPageUrls.WeChatMethod inside WeChat) and, on the QR tab, the chosen code's connection slug.
internal sealed record LoginChoice(string Method, string? Qr);

// How the login page lays out its panels (docs/logins.md#the-login-page): one method at a time behind
// a tab list (a QR tab whose codes are chosen by a small switch, then the password form), or inside
// WeChat the one-tap button alone with the other methods behind a link. Every tab, code choice and the
// language switch is a link that loads the page again, so it all works without a script; login-page.js
// turns them into in-page switches with arrow keys and refreshes expired codes.
internal sealed class LoginPageLayout(ParkedRequest request, Texts texts, IReadOnlyList<FlowPanel> panels, IReadOnlyList<MethodPanel> forms, string? error,
    string? notice = null)
{
    // Each language named in itself: the switch is read by someone who does not read the page's language,
    // so it is the one text outside the catalogues, marked with its own lang.
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.Ordinal) { ["zh-CN"] = "中文", ["en"] = "English" };

    // The codes that were drawn; one that could not be is a notice above the tabs instead, so the
    // person sees why and signs in another way.
    private IEnumerable<FlowPanel> Codes => panels.Where(p => p.Kind == LoginPanelKind.QrCode && !p.Unavailable);

    private IEnumerable<FlowPanel> Notices => panels.Where(p => p.Unavailable);

    private IEnumerable<FlowPanel> Buttons => panels.Where(p => p.Kind == LoginPanelKind.InWeChat);

    private bool OneTap => Buttons.Any();

    // What the link asked for when the page offers it; else what the person just used (a form that
    // failed), else the first method.
    public LoginChoice Choose(string? method, string? qr)
    {
        var offered = (OneTap ? [LoginPageUrls.WeChatMethod] : Codes.Any() ? [LoginPageUrls.QrMethod] : Array.Empty<string>())
            .Concat(forms.Select(f => f.Id)).ToList();
        var chosen = offered.Contains(method ?? "", StringComparer.Ordinal) ? method!
            : error is not null && forms.Count > 0 ? forms[0].Id
            : offered.FirstOrDefault() ?? LoginPageUrls.QrMethod;
        var code = Codes.FirstOrDefault(p => p.Connection.Slug == qr) ?? Codes.FirstOrDefault();
        return new LoginChoice(chosen, code?.Connection.Slug);
    }

    public string Render(LoginChoice choice)
    {
        var body = new StringBuilder();
        var other = texts.Language == "en" ? "zh-CN" : "en";
        body.Append(CultureInfo.InvariantCulture, $"""
            {Style}
            <div class="login" data-login-page>
            <h1>{Page.Encode(texts["title"])}</h1>
            <p class="sub">{Page.Encode(texts.Format("to", request.Application.DisplayName))}</p>
            """);
        if (error is not null)
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{Page.Encode(error)}</p>");
        if (notice is not null)
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{Page.Encode(notice)}</p>");
        foreach (var unavailable in Notices)
            body.Append(unavailable.Html);
        var methods = forms.Select(f => (f.Id, texts["method." + f.Id], f.Html)).ToList();
        var first = forms.Count > 0 ? forms[0].Id : null;
        if (OneTap)
        {
            var wechat = choice.Method == LoginPageUrls.WeChatMethod;
            body.Append(CultureInfo.InvariantCulture, $"""
                <div id="login-wechat" data-login-view{Hidden(!wechat)}>
                {string.Concat(Buttons.Select(b => b.Html))}
                <p class="other-ways"><a href="{Url(first, null)}" data-login-show="login-others">{Page.Encode(texts["method.others"])}</a></p>
                </div>
                <div id="login-others" data-login-view{Hidden(wechat)}>
                {Tabs(methods, wechat ? first : choice.Method, choice)}
                <p class="other-ways"><a href="{Url(LoginPageUrls.WeChatMethod, null)}" data-login-show="login-wechat">{Page.Encode(texts["method.back"])}</a></p>
                </div>
                """);
        }
        else
        {
            var groups = Codes.Any() ? methods.Prepend((LoginPageUrls.QrMethod, texts["method.qr"], QrGroup(choice))).ToList() : methods;
            body.Append(Tabs(groups, choice.Method, choice));
        }
        // Last in the focus order, after the ways to sign in.
        body.Append(CultureInfo.InvariantCulture, $"""
            <p class="lang-switch"><a data-login-language lang="{other}" hreflang="{other}" href="{Url(other, choice.Method, choice.Qr)}">{LanguageNames[other]}</a></p>
            </div>
            {LoginPageScript.Tag}
            """);
        return body.ToString();
    }

    // A tab list over the groups, or the one group alone.
    private string Tabs(IReadOnlyList<(string Id, string Label, string Html)> groups, string? selected, LoginChoice choice)
    {
        if (groups.Count == 1)
            return $"<section id=\"login-{Page.Encode(groups[0].Id)}\" data-login-panel>{groups[0].Html}</section>";
        var tabs = new StringBuilder($"<div class=\"tabs\" role=\"tablist\" aria-label=\"{Page.Encode(texts["method.choose"])}\">");
        var sections = new StringBuilder();
        foreach (var (id, label, html) in groups)
        {
            var on = id == selected;
            var e = Page.Encode(id);
            tabs.Append(CultureInfo.InvariantCulture,
                $"<a role=\"tab\" id=\"tab-{e}\" href=\"{Url(id, id == LoginPageUrls.QrMethod ? choice.Qr : null)}\" aria-controls=\"login-{e}\" aria-selected=\"{(on ? "true" : "false")}\">{Page.Encode(label)}</a>");
            sections.Append(CultureInfo.InvariantCulture, $"<section role=\"tabpanel\" id=\"login-{e}\" aria-labelledby=\"tab-{e}\" data-login-panel{Hidden(!on)}>{html}</section>");
        }
        return tabs.Append("</div>").Append(sections).ToString();
    }

    // The QR codes, one shown; a small switch chooses among them when there are several.
    private string QrGroup(LoginChoice choice)
    {
        var codes = Codes.ToList();
        var html = new StringBuilder();
        if (codes.Count > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"qr-switch\" role=\"group\" aria-label=\"{Page.Encode(texts["method.qr_choose"])}\">");
            foreach (var code in codes)
            {
                var slug = code.Connection.Slug;
                var label = texts["method." + code.Connection.Type];
                if (codes.Count(c => c.Connection.Type == code.Connection.Type) > 1)
                    label += " · " + code.Connection.DisplayName;
                html.Append(CultureInfo.InvariantCulture,
                    $"<a href=\"{Url(LoginPageUrls.QrMethod, slug)}\" data-qr-choice aria-controls=\"qr-{Page.Encode(slug)}\"{(slug == choice.Qr ? " aria-current=\"true\"" : "")}>{Page.Encode(label)}</a>");
            }
            html.Append("</div>");
        }
        foreach (var code in codes)
        {
            var slug = Page.Encode(code.Connection.Slug);
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"qr-panel\" id=\"qr-{slug}\" data-qr-panel=\"{slug}\"{Hidden(code.Connection.Slug != choice.Qr)}>{code.Html}</div>");
        }
        return html.ToString();
    }

    private string Url(string? method, string? qr) => Url(texts.Language, method, qr);

    private string Url(string language, string? method, string? qr) => Page.Encode(LoginPageUrls.Page(request.Pool, request.Id, language, method, qr));

    private static string Hidden(bool hidden) => hidden ? " hidden" : "";

    // When a QR code stops working, and a link that draws it anew. login-page.js counts down and, where
    // the panel asks for it (refreshes: a login ticket's code), loads a new one by itself.
    public static string Expiry(LoginPanel panel, TimeSpan lifetime, bool refreshes)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var t = panel.Texts.Section("qr");
        var seconds = (int)lifetime.TotalSeconds;
        return $"""<p class="qr-expiry" data-qr-expiry data-expires-in="{seconds}" data-text-countdown="{Page.Encode(t["countdown"])}" data-text-refreshing="{Page.Encode(t["refreshing"])}"{(refreshes ? " data-refresh" : "")}><span data-qr-expiry-text>{Page.Encode(t.Format("valid", (seconds + 59) / 60))}</span> <a href="{Page.Encode(panel.Reload)}" data-qr-reload>{Page.Encode(t["refresh"])}</a></p>""";
    }

    // With the sandbox on, the label the virtual phone shows beside this code in its Scan list (the end
    // of the scene, which is the ticket id; docs/sandbox.md#the-virtual-phone; lang zxx: no language), so a person with several
    // pages open scans the right one. Nothing without the sandbox.
    public static string SandboxLabel(LoginPanel panel, string ticketId)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(ticketId);
        if (!panel.Sandbox)
            return "";
        var label = ticketId.Length <= 4 ? ticketId : ticketId[^4..];
        return $"""<p class="sandbox-label" data-sandbox-label>{Page.Encode(panel.Texts.Section("qr")["sandbox"])} <b lang="zxx">{Page.Encode(label)}</b></p>""";
    }

    private const string Style = """
        <style>
        .lang-switch{text-align:center;font-size:14px;margin:24px 0 0;padding-top:16px;border-top:1px solid #eaeef2}
        .tabs{display:flex;border-bottom:1px solid #d0d7de;margin:0 0 20px}
        .tabs [role=tab]{flex:1;text-align:center;padding:10px 4px;white-space:nowrap;color:#57606a;text-decoration:none;border-bottom:3px solid transparent;margin-bottom:-1px;font-size:15px}
        .tabs [role=tab][aria-selected=true]{color:#1f2328;font-weight:600;border-bottom-color:var(--brand)}
        .qr-switch{display:flex;gap:8px;justify-content:center;flex-wrap:wrap;margin:0 0 16px}
        .qr-switch a{padding:6px 12px;border:1px solid #d0d7de;border-radius:999px;color:#1f2328;text-decoration:none;font-size:14px}
        .qr-switch a[aria-current=true]{border-color:var(--brand);background:var(--brand-tint);color:var(--brand-ink);font-weight:600}
        .qr-panel{text-align:center}.qr-panel h2{font-size:16px;margin:0 0 12px}
        .qr-panel img{display:block;margin:0 auto;transition:opacity .2s}
        .qr-panel [data-state=scanned] img,.qr-panel [data-state=expired] img,.qr-panel[data-stale] img{opacity:.15}
        [data-ticket-status]{margin:10px 0 0}
        [data-state=scanned] [data-ticket-status]{color:#05612f;font-weight:600}
        .qr-expiry{font-size:13px;color:#57606a;margin:6px 0 0}
        .sandbox-label{font-size:12px;color:#57606a;margin:4px 0 0}.sandbox-label b{font-family:ui-monospace,Menlo,Consolas,monospace;color:#1f2328}
        .other-ways{text-align:center;margin:20px 0 0}
        .code-row{display:flex;gap:8px;align-items:stretch}.code-row input{flex:1;min-width:0}
        .code-row button{width:auto;margin:0;white-space:nowrap;background:#fff;color:#1f2328;border:1px solid #d0d7de}
        </style>
        """;
}
