using System.Globalization;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Keys;
using WeGate.Core.Pools;
using WeGate.Server.Admin;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console.Overview;

// A pool's overview, the first page of a pool (docs/console.md#overview): what needs attention, then
// logins per day by login type and outcome, new users per day and failures by reason, over the last
// 7 or 30 UTC days. Read-only, so every administrator sees it.
internal static class OverviewPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string pool, IPoolStore pools, IConnectionStore connections, ISigningKeyStore keys,
        IAuditCounts counts, TimeProvider clock, string? days)
    {
        var t = ConsoleTexts.For(http);
        await pools.RequirePoolAsync(pool, http.RequestAborted);
        var period = days == "30" ? 30 : 7;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var types = (await connections.ListAsync(pool, http.RequestAborted)).ToDictionary(c => c.Slug, c => c.Type, StringComparer.Ordinal);
        var report = await OverviewReport.CountAsync(counts, pool, types, today.AddDays(1 - period), period, http.RequestAborted);
        var published = (await keys.ListPublishedAsync(pool, http.RequestAborted))
            .Select(k => new PublishedKeyAge(k.Algorithm, k.Kid, k.State, k.ActivatedAt ?? k.CreatedAt)).ToList();
        var attention = await Attention.FindAsync(counts, pool, published, now, http.RequestAborted);
        var p = Uri.EscapeDataString(pool);

        string Period(int n) =>
            $"""<a href="/console/pools/{p}/overview?days={n}"{(n == period ? " aria-current=\"page\"" : "")} data-period="{n}">{E(t.Format("overview_days", n))}</a>""";
        string Tile(string key, long value, string name) =>
            $"""<div class="tile"><span class="big" data-total="{name}">{value}</span><span>{E(t[key])}</span></div>""";
        var newUsers = new List<TypeSeries> { new("new-users", report.NewUsers) };
        return ConsoleLayout.Render(http, t, t["nav_overview"], $"""
            <h1>{E(t["nav_overview"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["overview_intro"])}</p>
            <nav class="period" aria-label="{E(t["overview_period"])}">{Period(7)}{Period(30)}</nav>
            {AttentionCard(t, pool, attention)}
            <div class="tiles">{Tile("overview_signins", report.TotalSignIns, "sign-ins")}{Tile("overview_new_users", report.TotalNewUsers, "new-users")}{Tile("overview_failures", report.TotalFailures, "failures")}</div>
            {ChartCard(t, "signins", t["overview_signins_title"], t.Format("overview_signins_desc", report.TotalSignIns, period), report.Days, report.SignInsByType)}
            {ChartCard(t, "failures", t["overview_failures_title"], t.Format("overview_failures_desc", report.TotalFailures, period), report.Days, report.FailuresByType)}
            {ChartCard(t, "new-users", t["overview_new_users_title"], t.Format("overview_new_users_desc", report.TotalNewUsers, period), report.Days, newUsers, legend: false)}
            {Reasons(t, pool, report)}
            """, "overview", pool);
    }

    private static string AttentionCard(ConsoleTexts t, string pool, List<Attention> found)
    {
        var p = Uri.EscapeDataString(pool);
        string Item(Attention a) => a switch
        {
            Attention.KeyDue k => $"""<li data-attention="key-due"><a href="/console/pools/{p}/keys">{E(t.Format("attention_key_due", k.Algorithm, k.Kid, k.Days))}</a></li>""",
            Attention.FailingConnection c => $"""<li data-attention="failing-connection"><a href="/console/pools/{p}/audit?connection={Uri.EscapeDataString(c.Slug)}&amp;outcome=failure">{E(t.Format("attention_failing", c.Slug, c.Failures, c.SignIns))}</a></li>""",
            Attention.BlockedSpike b => $"""<li data-attention="blocked-spike"><a href="/console/pools/{p}/audit?outcome=failure">{E(t.Format("attention_blocked", b.LastDay, b.DailyAverage.ToString("0.#", CultureInfo.InvariantCulture)))}</a></li>""",
            _ => "",
        };
        var body = found.Count == 0 ? $"<p class=\"hint\" data-attention-none>{E(t["attention_none"])}</p>" : $"<ul class=\"attention\">{string.Concat(found.Select(Item))}</ul>";
        return $"""<section class="card" aria-labelledby="attention"><h2 id="attention">{E(t["attention_title"])}</h2>{body}</section>""";
    }

    // A chart, its colour key and its numbers as a table (folded; no script needed to open it).
    private static string ChartCard(ConsoleTexts t, string id, string title, string description, IReadOnlyList<DateOnly> days, IReadOnlyList<TypeSeries> series,
        bool legend = true)
    {
        var head = string.Concat(series.Select(s => $"<th><code>{E(s.Type == "new-users" ? t["overview_new_users"] : s.Type)}</code></th>"));
        var rows = string.Concat(days.Select((day, d) =>
            $"<tr><td><time datetime=\"{day:yyyy-MM-dd}\">{day:yyyy-MM-dd}</time></td>"
            + string.Concat(series.Select(s => $"<td data-day=\"{day:yyyy-MM-dd}\" data-type=\"{E(s.Type)}\">{s.Counts[d]}</td>"))
            + $"<td>{series.Sum(s => s.Counts[d])}</td></tr>"));
        var table = series.Count == 0 ? "" : $"""
            <details><summary>{E(t["overview_numbers"])}</summary><div class="scroll"><table class="log" data-numbers="{id}"><thead><tr><th>{E(t["overview_day"])}</th>{head}<th>{E(t["overview_total"])}</th></tr></thead>
            <tbody>{rows}</tbody></table></div></details>
            """;
        return $"""
            <section class="card" data-chart-card="{id}"><h2>{E(title)}</h2>
            {SvgChart.Both("chart-" + id, title, description, days, series)}
            {(legend && series.Count > 0 ? SvgChart.Legend(series) : "")}{(series.Count == 0 ? $"<p class=\"hint\">{E(t["overview_nothing"])}</p>" : "")}{table}</section>
            """;
    }

    private static string Reasons(ConsoleTexts t, string pool, OverviewReport report)
    {
        var top = report.FailureReasons.Take(OverviewReport.TopReasons).ToList();
        var rest = report.FailureReasons.Skip(OverviewReport.TopReasons).Sum(r => r.Count);
        var max = Math.Max(1, top.Select(r => r.Count).DefaultIfEmpty(0).Max());
        string Row(string reason, long count, bool code = true) => $"""
            <tr data-reason="{E(reason)}"><td class="wrap">{(code ? $"<code>{E(reason)}</code>" : E(reason))}</td><td class="num">{count}</td>
            <td class="barcell"><span class="hbar" style="width:{100 * count / max}%"></span></td></tr>
            """;
        var rows = string.Concat(top.Select(r => Row(r.Reason, r.Count))) + (rest > 0 ? Row(t["overview_other_reasons"], rest, code: false) : "");
        var body = top.Count == 0 ? $"<p class=\"hint\">{E(t["overview_nothing"])}</p>" : $"""
            <table class="reasons"><thead><tr><th>{E(t["audit_reason"])}</th><th>{E(t["overview_count"])}</th><th><span class="visually-hidden">{E(t["overview_count"])}</span></th></tr></thead><tbody>{rows}</tbody></table>
            <p class="hint"><a href="/console/pools/{Uri.EscapeDataString(pool)}/audit?outcome=failure">{E(t["overview_reasons_audit"])}</a></p>
            """;
        return $"""<section class="card" data-chart-card="reasons"><h2>{E(t["overview_reasons_title"])}</h2>{body}</section>""";
    }
}
