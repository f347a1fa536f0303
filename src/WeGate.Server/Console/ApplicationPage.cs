using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// One application: its redirect URIs, connections, branding and state, and its secret's rotation
// (docs/console.md#applications), through the admin API's own code; Try login and integration snippets.
internal static class ApplicationPage
{
    private static readonly string[] Fields = ["display_name", "redirect_uris", "post_logout_redirect_uris", "logo_uri", "primary_color"];

    public static async Task<IResult> ShowAsync(HttpContext http, string pool, string clientId, [AsParameters] ApplicationEndpoints.Stores stores, string? saved)
    {
        var t = ConsoleTexts.For(http);
        var app = await Require(pool, clientId, stores, http.RequestAborted);
        return await RenderAsync(http, t, app, stores, saved is null ? null : t["saved"], null, Values(app), app.Connections, app.Enabled, StatusCodes.Status200OK);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string pool, string clientId, [AsParameters] ApplicationEndpoints.Stores stores)
    {
        var t = ConsoleTexts.For(http);
        var app = await Require(pool, clientId, stores, http.RequestAborted);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var values = Fields.ToDictionary(k => k, k => form[k].ToString());
        var connections = form["connections"].Where(c => c is not null).Select(c => c!).ToList();
        var enabled = form["enabled"] == "on";
        try
        {
            await ApplicationEndpoints.UpdateApplicationAsync(pool, clientId, new ApplicationEndpoints.ApplicationRequest
            {
                DisplayName = values["display_name"], RedirectUris = SplitLines(values["redirect_uris"]),
                PostLogoutRedirectUris = SplitLines(values["post_logout_redirect_uris"]), Connections = connections,
                Branding = new ApplicationEndpoints.BrandingRequest(values["logo_uri"].Trim(), values["primary_color"].Trim()), Enabled = enabled,
            }, stores, http, http.RequestAborted);
            return Results.Redirect($"{Path(pool, clientId)}?saved=1");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { Status: StatusCodes.Status400BadRequest } e)
        {
            return await RenderAsync(http, t, app, stores, null, e.Message, values, connections, enabled, e.Status);
        }
    }

    public static async Task<IResult> RotateSecretAsync(HttpContext http, string pool, string clientId, [AsParameters] ApplicationEndpoints.Stores stores)
    {
        var t = ConsoleTexts.For(http);
        var rotated = await ApplicationEndpoints.RotateSecretOfAsync(pool, clientId, stores.Apps, stores.Audit, http, http.RequestAborted);
        return Secret(http, t, rotated, t["secret_rotated"]);
    }

    // The answer that shows a new client secret: once, never cached, never again.
    public static IResult Secret(HttpContext http, ConsoleTexts t, ApplicationEndpoints.CreatedApplication created, string lead)
    {
        var app = created.Application;
        var secret = created.ClientSecret is null ? "" : $"""
            <p>{E(t["secret_once"])}</p><p class="secret"><code data-client-secret>{E(created.ClientSecret)}</code></p>
            """;
        return ConsoleLayout.Render(http, t, app.ClientId, $"""
            <h1><code>{E(app.ClientId)}</code></h1>
            <section class="card">{Notice(lead)}<p>client_id: <code data-client-id>{E(app.ClientId)}</code></p>{secret}
            <p><a href="{Path(app.Pool, app.ClientId)}">{E(t["app_open"])}</a></p></section>
            """, "applications", app.Pool);
    }

    private static async Task<IResult> RenderAsync(HttpContext http, ConsoleTexts t, Application app, ApplicationEndpoints.Stores stores, string? notice, string? error,
        Dictionary<string, string> values, IReadOnlyList<string> chosen, bool enabled, int status)
    {
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var issuer = http.RequestServices.GetRequiredService<Oidc.Issuer>();
        var disabled = canChange ? "" : " disabled";
        var all = await stores.Connections.ListAsync(app.Pool, http.RequestAborted);
        var boxes = string.Concat(all.Select(c => $"""
            <label><input type="checkbox" name="connections" value="{E(c.Slug)}"{(chosen.Contains(c.Slug) ? " checked" : "")}{disabled} style="width:auto"> <code>{E(c.Slug)}</code> {E(c.DisplayName)} ({E(c.Type)})</label>
            """));
        var rotate = canChange && app.IsConfidential ? $"""
            <section class="card"><h2>{E(t["secret_rotate"])}</h2><p class="hint">{E(t["secret_rotate_hint"])}</p>
            <form method="post" action="{Path(app.Pool, app.ClientId)}/secret">{ConsoleLayout.Antiforgery(http)}<button class="secondary" type="submit">{E(t["secret_rotate_button"])}</button></form></section>
            """ : "";
        string Area(string name, string label, string hint) => $"""
            <label for="{name}">{E(t[label])}</label><textarea id="{name}" name="{name}" maxlength="8000"{disabled}>{E(values[name])}</textarea><p class="hint">{E(t[hint])}</p>
            """;
        var fields = $"""
            {Field("display_name", t["display_name"], values["display_name"], 100, required: true)}
            {Area("redirect_uris", "redirect_uris", "redirect_uris_hint")}{Area("post_logout_redirect_uris", "post_logout_redirect_uris", "redirect_uris_hint")}
            <h2>{E(t["connections"])}</h2>{(all.Count == 0 ? $"<p class=\"hint\">{E(t["connections_none"])}</p>" : boxes)}
            <h2>{E(t["branding"])}</h2><div class="row">{Field("logo_uri", t["logo_uri"], values["logo_uri"], 2048, t["logo_uri_hint"])}
            {Field("primary_color", t["primary_color"], values["primary_color"], 7, t["primary_color_hint"])}</div>
            <label><input type="checkbox" name="enabled"{(enabled ? " checked" : "")}{disabled} style="width:auto"> {E(t["enabled"])}</label>
            """;
        var form = canChange
            ? $"""<form method="post" action="{Path(app.Pool, app.ClientId)}">{ConsoleLayout.Antiforgery(http)}{fields}<button type="submit">{E(t["save"])}</button></form>"""
            : $"<fieldset disabled style=\"border:0;padding:0;margin:0\">{fields}</fieldset>";
        return ConsoleLayout.Render(http, t, app.ClientId, $"""
            <h1><code>{E(app.ClientId)}</code></h1><p class="sub">{E(app.DisplayName)} · {E(t["app_type_" + app.Type])}</p>
            {Notice(notice)}{Error(error)}
            <section class="card">{form}</section>
            {TryLogin.Card(http, t, app, issuer)}
            {IntegrationSnippets.Html(t, app, issuer.Of(app.Pool))}
            {rotate}
            """, "applications", app.Pool, status);
    }

    private static Dictionary<string, string> Values(Application app) => new()
    {
        ["display_name"] = app.DisplayName, ["redirect_uris"] = Lines(app.RedirectUris), ["post_logout_redirect_uris"] = Lines(app.PostLogoutRedirectUris),
        ["logo_uri"] = app.Branding.LogoUri ?? "", ["primary_color"] = app.Branding.PrimaryColor ?? "",
    };

    private static async Task<Application> Require(string pool, string clientId, ApplicationEndpoints.Stores stores, CancellationToken ct)
    {
        await stores.Pools.RequirePoolAsync(pool, ct);
        return await ApplicationEndpoints.RequireAsync(stores.Apps, pool, clientId, ct);
    }

    public static string Path(string pool, string clientId) => $"/console/pools/{Uri.EscapeDataString(pool)}/applications/{Uri.EscapeDataString(clientId)}";
}
