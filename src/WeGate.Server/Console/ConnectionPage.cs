using WeGate.Core.Connections;
using WeGate.Core.Validation;
using WeGate.Server.Admin;
using WeGate.Server.Connections;
using WeGate.Server.Hosting;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// One connection (docs/console.md#connections): what to paste into WeChat's consoles, the doctor, the
// form of its type, and deleting it; changes through the admin API's own code.
internal static class ConnectionPage
{
    // The doctor and where WeGate is reached, beside the stores.
    internal readonly record struct Services(ConnectionDoctor Doctor, PublicAddress Address);

    public static async Task<IResult> ShowAsync(HttpContext http, string pool, string slug, [AsParameters] ConnectionsPage.Stores stores,
        [AsParameters] Services services, string? saved, string? created)
    {
        var t = ConsoleTexts.For(http);
        var c = await RequireAsync(pool, slug, stores, http.RequestAborted);
        var notice = created is not null ? t["conn_created"] : saved is not null ? t["saved"] : null;
        return await RenderAsync(http, t, c, stores, services, notice, null, ConnectionForm.Values(c), new Dictionary<string, string[]>(), c.LoginOnly, c.Enabled,
            null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string pool, string slug, [AsParameters] ConnectionsPage.Stores stores, [AsParameters] Services services)
    {
        var t = ConsoleTexts.For(http);
        var c = await RequireAsync(pool, slug, stores, http.RequestAborted);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var values = ConnectionForm.Fields.ToDictionary(k => k, k => form[k].ToString());
        values["slug"] = c.Slug;
        var (loginOnly, enabled) = (form["login_only"] == "on", form["enabled"] == "on");
        try
        {
            var request = ConnectionForm.Request(c.Type, values, loginOnly, enabled, form["remove_previous_key"] == "on") with { Slug = null, Type = null };
            await ConnectionEndpoints.UpdateConnectionAsync(pool, slug, request, stores.Connections, stores.Audit, http, http.RequestAborted);
            return Results.Redirect($"{Path(pool, slug)}?saved=1");
        }
        catch (DomainValidationException e)
        {
            return await RenderAsync(http, t, c, stores, services, null, t["conn_fix_fields"], values, e.Errors, loginOnly, enabled, null, StatusCodes.Status400BadRequest);
        }
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string pool, string slug, [AsParameters] ConnectionsPage.Stores stores, [AsParameters] Services services)
    {
        var t = ConsoleTexts.For(http);
        var c = await RequireAsync(pool, slug, stores, http.RequestAborted);
        try
        {
            await ConnectionEndpoints.DeleteConnectionAsync(pool, slug, stores.Connections, stores.Apps, stores.Audit, http, http.RequestAborted);
            return Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}/connections?deleted={Uri.EscapeDataString(slug)}");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return await RenderAsync(http, t, c, stores, services, null, e.Message, ConnectionForm.Values(c), new Dictionary<string, string[]>(), c.LoginOnly, c.Enabled,
                null, e.Status);
        }
    }

    // Allowed to read-only administrators: it changes nothing (ConsoleSession.ChangesNothing).
    public static async Task<IResult> DoctorAsync(HttpContext http, string pool, string slug, [AsParameters] ConnectionsPage.Stores stores, [AsParameters] Services services)
    {
        var t = ConsoleTexts.For(http);
        var c = await RequireAsync(pool, slug, stores, http.RequestAborted);
        var report = await services.Doctor.ExamineAsync(pool, slug, http.RequestAborted, t.IsChinese ? DoctorTexts.Chinese : DoctorTexts.English);
        return await RenderAsync(http, t, c, stores, services, null, null, ConnectionForm.Values(c), new Dictionary<string, string[]>(), c.LoginOnly, c.Enabled,
            report, StatusCodes.Status200OK);
    }

    private static async Task<IResult> RenderAsync(HttpContext http, ConsoleTexts t, Connection c, ConnectionsPage.Stores stores, Services services, string? notice,
        string? error, Dictionary<string, string> values, IDictionary<string, string[]> errors, bool loginOnly, bool enabled, DoctorReport? report, int status)
    {
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var path = Path(c.Pool, c.Slug);
        // Secrets WeChat needs pasted are read only for an owner's page (docs/console.md#security).
        var secrets = canChange && c.Type == ConnectionType.OfficialAccountFollow ? await stores.Connections.GetSecretsAsync(c.Pool, c.Slug, http.RequestAborted) : null;
        var fields = ConnectionForm.Render(t, c.Type, values, errors, editing: true, loginOnly, enabled, c.SecretsSet);
        var form = canChange
            ? $"""<form method="post" action="{path}" data-connection-form="{c.Type}">{ConsoleLayout.Antiforgery(http)}{fields}<button type="submit">{E(t["save"])}</button></form>"""
            : $"<fieldset disabled style=\"border:0;padding:0;margin:0\">{fields}</fieldset>";
        var delete = !canChange ? "" : $"""
            <section class="card"><h2>{E(t["conn_delete"])}</h2><p class="hint">{E(t["conn_delete_hint"])}</p>
            <form method="post" action="{path}/delete">{ConsoleLayout.Antiforgery(http)}<button class="secondary" type="submit">{E(t["conn_delete_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, c.Slug, $"""
            <h1><code>{E(c.Slug)}</code> · {E(c.DisplayName)}</h1><p class="sub">{E(t["type_" + c.Type])} <code>{E(c.Type)}</code> · AppID <code>{E(c.AppId)}</code></p>
            {Notice(notice)}{Error(error)}
            {Doctor(http, t, path, report)}
            {WeChatPasteValues.Render(t, c, secrets, new ConnectionUrls(services.Address.Base, c.Pool, c.Slug))}
            <section class="card"><h2>{E(t["conn_settings"])}</h2>{form}</section>
            {delete}
            """, "connections", c.Pool, status);
    }

    private static string Doctor(HttpContext http, ConsoleTexts t, string path, DoctorReport? report)
    {
        var results = report is null ? "" : $"""
            <p class="{(report.Passed ? "notice" : "error")}" data-doctor-result="{(report.Passed ? "pass" : "fail")}">{E(t[report.Passed ? "doctor_all_passed" : "doctor_failed"])}</p>
            <div class="scroll"><table class="stack doctor"><thead><tr><th>{E(t["doctor_outcome"])}</th><th>{E(t["doctor_check"])}</th><th>{E(t["doctor_finding"])}</th></tr></thead><tbody>
            {string.Concat(report.Checks.Select(check => $"""
                <tr data-check="{E(check.Id)}" data-outcome="{E(check.Outcome)}"><td><span class="state {Badge(check.Outcome)}">{E(t["doctor_" + check.Outcome])}</span></td>
                <td>{E(t["check_" + check.Id])}{(check.Inferred ? $" <span class=\"state\">{E(t["doctor_inferred"])}</span>" : "")}</td>
                <td class="wrap"><span data-summary>{E(check.Summary)}</span>{(check.Fix is null ? "" : $"<br><strong>{E(t["doctor_fix"])}</strong> <span data-fix>{E(check.Fix)}</span>")}</td></tr>
                """))}</tbody></table></div>
            """;
        return $"""
            <section class="card" data-doctor><h2>{E(t["doctor_title"])}</h2><p class="hint">{E(t["doctor_intro"])}</p>
            {results}
            <form method="post" action="{path}/doctor">{ConsoleLayout.Antiforgery(http)}<button type="submit" data-run-doctor>{E(t["doctor_button"])}</button></form></section>
            """;
    }

    private static string Badge(string outcome) => outcome switch
    {
        DoctorCheck.Pass => "success",
        DoctorCheck.Fail => "failure",
        _ => "",
    };

    private static async Task<Connection> RequireAsync(string pool, string slug, ConnectionsPage.Stores stores, CancellationToken ct)
    {
        await stores.Pools.RequirePoolAsync(pool, ct);
        return await ConnectionEndpoints.RequireAsync(stores.Connections, pool, slug, ct);
    }

    public static string Path(string pool, string slug) => $"/console/pools/{Uri.EscapeDataString(pool)}/connections/{Uri.EscapeDataString(slug)}";
}
