using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// The audit log of a pool (docs/console.md#audit-log): filtered by user, connection, outcome and time
// with the admin API's own rules (AuditQuery), newest first, PageSize a page, and the same filters
// exported as CSV.
internal static class AuditPage
{
    public const int PageSize = 50;
    public const int CsvMaxRows = 10_000;

    public static async Task<IResult> ShowAsync(HttpContext http, string pool, IPoolStore pools, IAuditSearch audit)
    {
        var t = ConsoleTexts.For(http);
        var q = http.Request.Query;
        var input = new AuditQuery.Input(q["user_id"], q["connection"], q["outcome"], q["from"], q["to"], q["before"], null);
        await pools.RequirePoolAsync(pool, http.RequestAborted);
        string? error = null;
        IReadOnlyList<AuditEvent> events = [];
        try
        {
            events = await audit.SearchAsync(pool, AuditQuery.Parse(input, PageSize + 1), http.RequestAborted);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            error = e.Message;
        }
        var more = events.Count > PageSize;
        var shown = events.Take(PageSize).ToList();
        var rows = string.Concat(shown.Select(e => $"""
            <tr data-event="{E(e.Type)}"><td>{Time(e.OccurredAt)}</td><td><code>{E(e.Type)}</code></td><td><span class="state {E(e.Outcome)}">{E(e.Outcome)}</span></td>
            <td>{Code(e.UserId)}</td><td>{Code(e.ConnectionSlug)}</td><td>{Code(e.ClientId)}</td><td>{E(e.Actor)}</td><td>{E(e.Ip)}</td><td>{E(e.Reason)}</td></tr>
            """));
        var basePath = $"/console/pools/{Uri.EscapeDataString(pool)}/audit";
        var filters = Filters(input);
        var newest = input.Before is { Length: > 0 } ? Link(QueryHelpers.AddQueryString(basePath, filters), t["audit_newest"], "first") : "";
        var older = more ? Link(QueryHelpers.AddQueryString(basePath, filters.Append(new("before", shown[^1].Id))), t["audit_older"], "next") : "";
        var pager = $"<div class=\"pager\">{newest}{older}</div>";
        return ConsoleLayout.Render(http, t, t["nav_audit"], $"""
            <h1>{E(t["nav_audit"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["audit_intro"])}</p>
            <section class="card"><form method="get" action="{E(basePath)}">
            <div class="row">{Field("user_id", t["audit_user"], input.UserId, 200)}{Field("connection", t["audit_connection"], input.Connection, 200)}
            <div><label for="outcome">{E(t["audit_outcome"])}</label><select id="outcome" name="outcome">{Option("", t["audit_any"], input.Outcome)}
            {Option(AuditOutcome.Success, AuditOutcome.Success, input.Outcome)}{Option(AuditOutcome.Failure, AuditOutcome.Failure, input.Outcome)}</select></div>
            {Field("from", t["audit_from"], input.From, 64, type: "date")}{Field("to", t["audit_to"], input.To, 64, type: "date")}</div>
            <button type="submit">{E(t["audit_filter"])}</button>
            <a href="{E(QueryHelpers.AddQueryString(basePath + ".csv", filters))}" download data-csv class="csv">{E(t["audit_csv"])}</a>
            </form></section>
            {Error(error)}
            <section class="card scroll"><table class="log"><thead><tr><th>{E(t["audit_time"])}</th><th>{E(t["audit_type"])}</th><th>{E(t["audit_outcome"])}</th><th>{E(t["audit_user"])}</th>
            <th>{E(t["audit_connection"])}</th><th>{E(t["audit_client"])}</th><th>{E(t["audit_actor"])}</th><th>IP</th><th>{E(t["audit_reason"])}</th></tr></thead>
            <tbody>{rows}</tbody></table>{(shown.Count == 0 ? $"<p class=\"hint\">{E(t["audit_none"])}</p>" : "")}{pager}</section>
            """, "audit", pool, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    // Every event the filters select, newest first, at most CsvMaxRows (docs/console.md#audit-log).
    public static async Task<IResult> CsvAsync(HttpContext http, string pool, IPoolStore pools, IAuditSearch audit)
    {
        var q = http.Request.Query;
        var filter = AuditQuery.Parse(new AuditQuery.Input(q["user_id"], q["connection"], q["outcome"], q["from"], q["to"], null, null), AuditFilter.MaxLimit);
        await pools.RequirePoolAsync(pool, http.RequestAborted);
        var csv = new StringBuilder("occurred_at,type,outcome,user_id,connection,client_id,actor,ip,user_agent,reason\r\n");
        var written = 0;
        while (written < CsvMaxRows)
        {
            var page = await audit.SearchAsync(pool, filter, http.RequestAborted);
            foreach (var e in page)
            {
                csv.AppendJoin(',', new[] { e.OccurredAt.UtcDateTime.ToString("O"), e.Type, e.Outcome, e.UserId, e.ConnectionSlug, e.ClientId, e.Actor, e.Ip, e.UserAgent, e.Reason }
                    .Select(Cell)).Append("\r\n");
            }
            written += page.Count;
            if (page.Count < filter.Limit)
                break;
            filter = filter with { Before = page[^1].Id, Limit = Math.Min(AuditFilter.MaxLimit, CsvMaxRows - written) };
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", $"audit-{pool}.csv");
    }

    // RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with ' (OWASP CSV injection).
    private static string Cell(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            v = "'" + v;
        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    private static List<KeyValuePair<string, string?>> Filters(AuditQuery.Input input) =>
        new[] { ("user_id", input.UserId), ("connection", input.Connection), ("outcome", input.Outcome), ("from", input.From), ("to", input.To) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => new KeyValuePair<string, string?>(f.Item1, f.Item2)).ToList();

    private static string Option(string value, string label, string? chosen) =>
        $"<option value=\"{E(value)}\"{((chosen ?? "") == value ? " selected" : "")}>{E(label)}</option>";

    private static string Link(string href, string text, string rel) => $"<a rel=\"{rel}\" href=\"{E(href)}\">{E(text)}</a>";

    private static string Code(string? value) => value is null ? "" : $"<code>{E(value)}</code>";
}
