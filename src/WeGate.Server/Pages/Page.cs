using System.Text.Encodings.Web;
using System.Text.Unicode;
using WeGate.Core.Applications;
using WeGate.Server.Errors;

namespace WeGate.Server.Pages;

// The hosted pages' frame: one small responsive layout that works on a PC and inside WeChat's in-app
// browser, with text and buttons at a contrast of 4.5:1 or more (WCAG AA) and a visible keyboard focus. Every
// value put into it goes through Encode. The pages are never framed by other sites.
internal static class Page
{
    // All Unicode ranges stay readable (Chinese text is not turned into &#x…; entities); <, >, &, quotes
    // and the like are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => Encoder.Encode(value ?? "");

    private const string FrameSources = "WeGate.Page.FrameSources";

    // A panel that embeds another site's page (the website QR's iframe of open.weixin.qq.com) names
    // that origin; the page's CSP then allows frames from it and from nowhere else.
    public static void AllowFrame(HttpContext http, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(origin);
        var source = origin.GetLeftPart(UriPartial.Authority);
        if (http.Items[FrameSources] is not string existing)
            http.Items[FrameSources] = source;
        else if (!existing.Split(' ').Contains(source, StringComparer.Ordinal))
            http.Items[FrameSources] = existing + " " + source;
    }

    private const string FramedBy = "WeGate.Page.FramedBy";

    // The embedded QR login's page (docs/oidc.md#embedded-qr-login) may be framed by exactly one origin,
    // its redirect URI's: the page it ends at. Every other page, and this one for any other site, is
    // never framed.
    public static void AllowFramingBy(HttpContext http, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(origin);
        http.Items[FramedBy] = origin.GetLeftPart(UriPartial.Authority);
    }

    public static IResult Html(HttpContext http, Texts texts, string title, string body, int status = StatusCodes.Status200OK, Branding? brand = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var frames = http.Items[FrameSources] is string sources ? $"; frame-src {sources}" : "";
        var ancestors = http.Items[FramedBy] as string ?? "'none'";
        Protect(http, $"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; script-src 'self'; connect-src 'self'; form-action 'self' https: http:; frame-ancestors {ancestors}; base-uri 'none'" + frames);
        var html = $$$"""
            <!doctype html>
            <html lang="{{{Encode(texts.Language)}}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{{Encode(title)}}}</title>
            <style>
            :root{ {{{BrandColors(brand)}}} }
            .brand-logo{display:block;max-width:160px;max-height:48px;margin:0 0 16px}
            body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f6f7;color:#1f2328}
            main{max-width:400px;margin:48px auto;padding:32px 24px;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 4px}p.sub{color:#57606a;margin:0 0 24px}
            .notice{background:#e9f6ef;color:#05612f;padding:10px 12px;border-radius:8px;margin-bottom:8px}
            label{display:block;font-size:14px;margin:16px 0 6px}input{width:100%;box-sizing:border-box;padding:12px;font-size:16px;border:1px solid #d0d7de;border-radius:8px}
            button{width:100%;margin-top:24px;padding:12px;font-size:16px;border:0;border-radius:8px;background:var(--brand);color:var(--on-brand);cursor:pointer}
            a{color:#0a58ca}:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}input:focus{border-color:#0a58ca}
            .error{background:#fff1f0;color:#a8071a;padding:10px 12px;border-radius:8px;margin-bottom:8px;overflow-wrap:anywhere}
            .arriving{border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin-bottom:16px}.arriving p{margin:4px 0}
            .warning{color:#7a4a00;font-size:14px}
            code{word-break:break-all}
            @media (max-width:480px){main{margin:0;border-radius:0;min-height:100vh;box-shadow:none}}
            </style>
            </head>
            <body><main>
            {{{Logo(brand)}}}{{{body}}}
            </main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    // What every page of WeGate's sends (docs/security.md): never cached, never framed, no referrer, and its CSP.
    public static void Protect(HttpContext http, string contentSecurityPolicy)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        // X-Frame-Options cannot name another origin; a page framed by one (AllowFramingBy) says so in its CSP alone.
        if (http.Items[FramedBy] is null)
            headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
    }

    private const string DefaultBrand = "#067a3e";

    // The application's colour on buttons, the chosen tab and the chosen code, with the button's text
    // black or white, whichever contrasts more (WCAG 2.2 §1.4.3: either reaches 4.5:1 on any colour).
    // --brand-tint and --brand-ink are a light wash of it and the text drawn on that wash.
    private static string BrandColors(Branding? brand)
    {
        if (brand?.PrimaryColor is not { } color)
            return $"--brand:{DefaultBrand};--on-brand:#fff;--brand-tint:#e9f6ef;--brand-ink:#05612f";
        var on = Contrast.Ratio(color, "#ffffff") >= Contrast.Ratio(color, "#000000") ? "#fff" : "#000";
        return $"--brand:{color};--on-brand:{on};--brand-tint:color-mix(in srgb,{color} 12%,#fff);--brand-ink:#1f2328";
    }

    // Decorative: the application's name is in the text beside it.
    private static string Logo(Branding? brand) =>
        brand?.LogoUri is { } logo ? $"<img class=\"brand-logo\" src=\"{Encode(logo)}\" alt=\"\" data-brand-logo>" : "";

    // True when a posted form lacks a valid anti-forgery token (login CSRF, forged confirmations).
    public static async Task<bool> IsForgedAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(http);
            return false;
        }
        catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            return true;
        }
    }

    public static IResult Error(HttpContext http, Texts texts, OAuthError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.Log(http);
        return Html(http, texts, texts["error_title"], $"""
            <h1>{Encode(texts["error_title"])}</h1>
            <p class="sub">{Encode(texts["error_hint"])}</p>
            {ErrorLine(error)}
            """, error.Status);
    }

    // The error's code and description, and its id linked to its entry in the catalogue (docs/errors.md).
    public static string ErrorLine(OAuthError error, string cssClass = "error")
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"""<p class="{cssClass}" data-error-id="{Encode(error.Id)}"><code>{Encode(error.Error)}</code>: {Encode(error.Description)} <a href="{Encode(error.Entry.Uri(""))}">{Encode(error.Id)}</a></p>""";
    }
}
