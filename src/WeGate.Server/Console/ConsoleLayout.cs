using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// The console's frame: a header with the sections, the language switch, who is signed in and Sign out,
// then the page. Server-rendered with no script, so the CSP allows none; every value goes through
// Page.Encode. Colours and type follow the hosted login page (Pages/Page.cs), contrast 4.5:1 or more.
internal static class ConsoleLayout
{
    public const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    // section: the nav entry to mark ("pools", "overview", "applications", "connections", "users", "keys", "audit"; "administrators" marks who is signed in, the link to that page); pool: the pool the
    // per-pool sections open.
    public static IResult Render(HttpContext http, ConsoleTexts t, string title, string body, string? section = null, string? pool = null,
        int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(http);
        var signedIn = ConsoleSession.Current(http);
        var header = signedIn is null ? Brand(t) : Brand(t) + Nav(t, section, pool ?? "default") + Who(http, t, signedIn, section);
        return Frame(http, t, title, header, body, status);
    }

    public static IResult Frame(HttpContext http, ConsoleTexts t, string title, string header, string body, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(t);
        Page.Protect(http, Csp);
        var html = $$$"""
            <!doctype html>
            <html lang="{{{Page.Encode(t.Language)}}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{{Page.Encode(title)}}} · {{{Page.Encode(t["brand"])}}}</title>
            <style>{{{ConsoleStyle.Css}}}</style>
            </head>
            <body>
            <header><div class="bar">{{{(header.Length == 0 ? Brand(t) : header)}}}{{{Languages(http, t)}}}</div></header>
            <main>
            {{{body}}}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    // A refusal as a page with one clear sentence (403 for forgery and for a read-only administrator).
    public static IResult Refusal(HttpContext http, ConsoleTexts t, string title, string sentence, int status) =>
        Render(http, t, title, $"""<h1>{Page.Encode(title)}</h1><p class="error" data-refusal>{Page.Encode(sentence)}</p><p><a href="/console">{Page.Encode(t["back_home"])}</a></p>""",
            status: status);

    // The hidden anti-forgery field every console form carries (docs/console.md#security).
    public static string Antiforgery(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{Page.Encode(tokens.FormFieldName)}" value="{Page.Encode(tokens.RequestToken)}">""";
    }

    private static string Brand(ConsoleTexts t) => $"""<a class="brand" href="/console">{Page.Encode(t["brand"])}</a>""";

    private static string Nav(ConsoleTexts t, string? section, string pool)
    {
        var p = Uri.EscapeDataString(pool);
        string Item(string id, string href) =>
            $"""<a href="{href}"{(section == id ? " aria-current=\"page\"" : "")}>{Page.Encode(t["nav_" + id])}</a>""";
        return "<nav>" + Item("pools", "/console/pools") + Item("overview", $"/console/pools/{p}/overview") + Item("applications", $"/console/pools/{p}/applications")
            + Item("connections", $"/console/pools/{p}/connections")
            + Item("users", $"/console/pools/{p}/users")
            + Item("keys", $"/console/pools/{p}/keys") + Item("audit", $"/console/pools/{p}/audit") + "</nav>";
    }

    // Who is signed in opens the administrators page, a section of the whole console rather than of a pool.
    private static string Who(HttpContext http, ConsoleTexts t, ConsoleSession.SignedIn who, string? section) => $"""
        <div class="who"><a href="/console/administrators" title="{Page.Encode(t["nav_administrators"])}" data-admin{(section == "administrators" ? " aria-current=\"page\"" : "")}>{Page.Encode(who.Email)}</a> <span class="role" data-role="{Page.Encode(who.Administrator.Role)}">{Page.Encode(t["role_" + who.Administrator.Role])}</span>
        <form method="post" action="/console/logout">{Antiforgery(http)}<button class="link" type="submit">{Page.Encode(t["sign_out"])}</button></form></div>
        """;

    // The same page in the other language.
    private static string Languages(HttpContext http, ConsoleTexts t)
    {
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value).Where(q => q.Key != "lang")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        var other = t.IsChinese ? "en" : "zh-CN";
        var href = QueryHelpers.AddQueryString(http.Request.Path, query.Append(new("lang", other)));
        return $"""<a class="lang" href="{Page.Encode(href)}" hreflang="{other}" lang="{other}">{(t.IsChinese ? "English" : "中文")}</a>""";
    }
}
