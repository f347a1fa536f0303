using WeGate.Core.Applications;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Applications of a pool: list and create (docs/console.md#applications), through the admin API's own
// code. A new confidential application's secret is shown on the answer to the form and never again.
internal static class ApplicationsPage
{
    private static readonly string[] Fields = ["client_id", "display_name", "type", "redirect_uris"];

    public static async Task<IResult> ListAsync(HttpContext http, string pool, [AsParameters] ApplicationEndpoints.Stores stores) =>
        await RenderAsync(http, pool, stores, null, new Dictionary<string, string>(), StatusCodes.Status200OK);

    public static async Task<IResult> CreateAsync(HttpContext http, string pool, [AsParameters] ApplicationEndpoints.Stores stores)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var values = Fields.ToDictionary(k => k, k => form[k].ToString());
        try
        {
            var created = await ApplicationEndpoints.CreateApplicationAsync(pool, new ApplicationEndpoints.ApplicationRequest
            {
                ClientId = values["client_id"].Trim() is { Length: > 0 } id ? id : null, DisplayName = values["display_name"], Type = values["type"],
                RedirectUris = SplitLines(values["redirect_uris"]),
            }, stores, http, http.RequestAborted);
            return ApplicationPage.Secret(http, t, created, t["app_created"]);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return await RenderAsync(http, pool, stores, e.Message, values, e.Status);
        }
    }

    private static async Task<IResult> RenderAsync(HttpContext http, string pool, ApplicationEndpoints.Stores stores, string? error, Dictionary<string, string> values,
        int status)
    {
        var t = ConsoleTexts.For(http);
        var apps = await ApplicationEndpoints.ListApplicationsAsync(pool, stores.Pools, stores.Apps, http.RequestAborted);
        var p = Uri.EscapeDataString(pool);
        var rows = string.Concat(apps.Select(a => $"""
            <tr data-client-id="{E(a.ClientId)}"><td><a href="/console/pools/{p}/applications/{Uri.EscapeDataString(a.ClientId)}"><code>{E(a.ClientId)}</code></a></td>
            <td>{E(a.DisplayName)}</td><td>{E(a.Type)}</td><td>{E(a.Enabled ? t["enabled"] : t["disabled"])}</td><td>{E(string.Join(' ', a.RedirectUris))}</td></tr>
            """));
        string V(string key) => values.TryGetValue(key, out var v) ? v : "";
        var types = string.Concat(new[] { ApplicationType.Web, ApplicationType.Spa, ApplicationType.Native, ApplicationType.MiniProgram }
            .Select(type => $"<option value=\"{type}\"{(V("type") == type ? " selected" : "")}>{E(t["app_type_" + type])}</option>"));
        var create = !ConsoleSession.Current(http)!.Administrator.CanChange ? "" : $"""
            <section class="card"><h2>{E(t["app_create"])}</h2>
            {Error(error)}
            <form method="post" action="/console/pools/{p}/applications">{ConsoleLayout.Antiforgery(http)}
            <div class="row">{Field("display_name", t["display_name"], V("display_name"), 100, required: true)}
            {Field("client_id", "client_id", V("client_id"), 64, t["app_client_id_hint"])}
            <div><label for="type">{E(t["app_type"])}</label><select id="type" name="type">{types}</select></div></div>
            <label for="redirect_uris">{E(t["redirect_uris"])}</label><textarea id="redirect_uris" name="redirect_uris" maxlength="8000">{E(V("redirect_uris"))}</textarea>
            <p class="hint">{E(t["redirect_uris_hint"])}</p>
            <button type="submit">{E(t["app_create_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, t["nav_applications"], $"""
            <h1>{E(t["nav_applications"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["apps_intro"])}</p>
            <section class="card scroll"><table class="stack"><thead><tr><th>client_id</th><th>{E(t["display_name"])}</th><th>{E(t["app_type"])}</th><th>{E(t["state"])}</th>
            <th>{E(t["redirect_uris"])}</th></tr></thead><tbody>{rows}</tbody></table>{(apps.Count == 0 ? $"<p class=\"hint\">{E(t["apps_none"])}</p>" : "")}</section>
            {create}
            """, "applications", pool, status);
    }
}
