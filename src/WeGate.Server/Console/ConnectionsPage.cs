using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Pools;
using WeGate.Core.Validation;
using WeGate.Server.Admin;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Connections of a pool: the list, the choice among the seven WeChat logins and the form of the chosen
// one (docs/console.md#connections), created through the admin API's own code.
internal static class ConnectionsPage
{
    // What a connection page needs: the admin API's stores and audit, and the doctor.
    internal readonly record struct Stores(IPoolStore Pools, IConnectionStore Connections, IApplicationStore Apps, IAuditLog Audit);

    public static async Task<IResult> ListAsync(HttpContext http, string pool, [AsParameters] Stores stores, string? deleted)
    {
        var t = ConsoleTexts.For(http);
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        var all = await stores.Connections.ListAsync(pool, http.RequestAborted);
        var p = Uri.EscapeDataString(pool);
        var rows = string.Concat(all.Select(c => $"""
            <tr data-connection="{E(c.Slug)}"><td><a href="/console/pools/{p}/connections/{Uri.EscapeDataString(c.Slug)}"><code>{E(c.Slug)}</code></a></td>
            <td>{E(c.DisplayName)}</td><td>{E(t["type_" + c.Type])} <code>{E(c.Type)}</code></td><td><code>{E(c.AppId)}</code></td>
            <td>{E(c.Enabled ? t["enabled"] : t["disabled"])}{(c.LoginOnly ? " · " + E(t["login_only_short"]) : "")}</td></tr>
            """));
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var choose = !canChange ? "" : $"""
            <section class="card"><h2>{E(t["conn_create"])}</h2><p class="hint">{E(t["conn_choose_type"])}</p>
            <ul class="types">{string.Concat(ConnectionType.All.Select(type => $"""
                <li><a href="/console/pools/{p}/connections/new?type={type}" data-new-type="{type}"><strong>{E(t["type_" + type])}</strong> <code>{type}</code></a>
                <span class="hint">{E(t["type_" + type + "_desc"])}</span></li>
                """))}</ul></section>
            """;
        return ConsoleLayout.Render(http, t, t["nav_connections"], $"""
            <h1>{E(t["nav_connections"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["conn_intro"])}</p>
            {Notice(deleted is null ? null : t.Format("conn_deleted", deleted))}
            <section class="card scroll"><table class="stack"><thead><tr><th>{E(t["conn_slug"])}</th><th>{E(t["display_name"])}</th><th>{E(t["conn_type"])}</th>
            <th>AppID</th><th>{E(t["state"])}</th></tr></thead><tbody>{rows}</tbody></table>{(all.Count == 0 ? $"<p class=\"hint\">{E(t["connections_none"])}</p>" : "")}</section>
            {choose}
            """, "connections", pool);
    }

    public static async Task<IResult> NewAsync(HttpContext http, string pool, [AsParameters] Stores stores, string? type)
    {
        var t = ConsoleTexts.For(http);
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        if (!ConnectionType.IsKnown(type))
            return Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}/connections");
        var values = new Dictionary<string, string> { ["message_mode"] = MessageMode.Safe, ["scope"] = "snsapi_userinfo", ["env_version"] = "release" };
        return Form(http, t, pool, type!, values, new Dictionary<string, string[]>(), null, false, true, StatusCodes.Status200OK);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, string pool, [AsParameters] Stores stores)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var type = form["type"].ToString();
        if (!ConnectionType.IsKnown(type))
            return Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}/connections");
        var values = ConnectionForm.Fields.ToDictionary(k => k, k => form[k].ToString());
        var (loginOnly, enabled) = (form["login_only"] == "on", form["enabled"] == "on");
        try
        {
            var created = await ConnectionEndpoints.CreateConnectionAsync(pool, ConnectionForm.Request(type, values, loginOnly, enabled, false),
                stores.Pools, stores.Connections, stores.Audit, http, http.RequestAborted);
            return Results.Redirect($"{ConnectionPage.Path(pool, created.Slug)}?created=1");
        }
        catch (DomainValidationException e)
        {
            return Form(http, t, pool, type, values, e.Errors, t["conn_fix_fields"], loginOnly, enabled, StatusCodes.Status400BadRequest);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return Form(http, t, pool, type, values, new Dictionary<string, string[]>(), e.Message, loginOnly, enabled, e.Status);
        }
    }

    private static IResult Form(HttpContext http, ConsoleTexts t, string pool, string type, Dictionary<string, string> values, IDictionary<string, string[]> errors,
        string? error, bool loginOnly, bool enabled, int status)
    {
        var p = Uri.EscapeDataString(pool);
        return ConsoleLayout.Render(http, t, t["conn_create"], $"""
            <h1>{E(t["type_" + type])} · <code>{E(type)}</code></h1><p class="sub">{E(t["type_" + type + "_desc"])}</p>
            {Error(error)}
            <section class="card"><form method="post" action="/console/pools/{p}/connections" data-connection-form="{type}">{ConsoleLayout.Antiforgery(http)}
            <input type="hidden" name="type" value="{E(type)}">
            {ConnectionForm.Render(t, type, values, errors, editing: false, loginOnly, enabled, [])}
            <button type="submit">{E(t["conn_create_button"])}</button><a class="cancel" href="/console/pools/{p}/connections">{E(t["cancel"])}</a></form></section>
            """, "connections", pool, status);
    }
}
