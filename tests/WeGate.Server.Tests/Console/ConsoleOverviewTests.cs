using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.Admin;
using WeGate.Core.Audit;

namespace WeGate.Server.Tests.Console;

// docs/console.md#overview: counts from the audit log per UTC day, login type and outcome; what needs attention.
public abstract partial class ConsoleContract
{
    [Fact]
    public async Task The_overview_counts_logins_per_day_by_login_type_and_outcome_new_users_and_failure_reasons()
    {
        var pool = await NewPoolAsync();
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "mp", type = "mp-qr", display_name = "MP", app_id = "wx00000000000000aa", app_secret = "secret",
        })).StatusCode);
        var now = DateTimeOffset.UtcNow;
        var today = now.UtcDateTime.Date == now.AddMinutes(-5).UtcDateTime.Date ? now.AddMinutes(-5) : now;
        var yesterday = today.AddDays(-1);
        var log = Server.Service<IAuditLog>();
        async Task Write(DateTimeOffset at, string type, string outcome, string? actor, string? slug = null, string? reason = null) =>
            await log.WriteAsync(new AuditEvent { Pool = pool, Type = type, Outcome = outcome, Actor = actor, ConnectionSlug = slug, Reason = reason, OccurredAt = at });
        await Write(today, "login.signed_in", "success", "password", reason: "password");
        await Write(today, "login.signed_in", "success", "password", reason: "password");
        await Write(today, "login.created", "success", "website-qr", "web");
        await Write(today, "login.failed", "failure", null, "mp", "mp-qr scene_unknown");
        await Write(today, "login.failed", "failure", "password", reason: "wrong login or password");
        await Write(yesterday, "login.failed", "failure", "password", reason: "wrong login or password");
        await Write(yesterday, "login.linked", "success", "oa-web", "h5");
        await Write(yesterday, "admin.user.created", "success", "admin-key:x");
        await Write(yesterday, "login.select_account", "success", "oa-web", "h5");
        await Write(today.AddDays(-8), "login.signed_in", "success", "password");

        using var browser = await SignedInAsync(AdministratorRole.ReadOnly);
        var html = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/overview"));
        string Cell(string chart, DateTimeOffset day, string type) =>
            Regex.Match(html, $"data-numbers=\"{chart}\".*?data-day=\"{day:yyyy-MM-dd}\" data-type=\"{type}\">(\\d+)<", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal("2", Cell("signins", today, "password"));
        Assert.Equal("1", Cell("signins", today, "website-qr"));
        Assert.Equal("0", Cell("signins", yesterday, "password"));
        Assert.Equal("1", Cell("signins", yesterday, "oa-web"));
        Assert.Equal("1", Cell("failures", today, "mp-qr"));
        Assert.Equal("1", Cell("failures", yesterday, "password"));
        Assert.Equal("1", Cell("new-users", today, "new-users"));
        Assert.Equal("1", Cell("new-users", yesterday, "new-users"));
        Assert.Contains("data-total=\"sign-ins\">4<", html, StringComparison.Ordinal);
        Assert.Contains("data-total=\"failures\">3<", html, StringComparison.Ordinal);
        Assert.Matches("data-reason=\"wrong login or password\">.*?<td class=\"num\">2</td>", html);
        Assert.Contains("<svg class=\"chart\" id=\"chart-signins\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-signins-title\">Sign-ins per day, by login type</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" action=\"/console/pools/", html, StringComparison.Ordinal);

        var month = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/overview?days=30"));
        Assert.Contains("data-total=\"sign-ins\">5<", month, StringComparison.Ordinal);
        Assert.Equal(30, Regex.Count(Regex.Match(month, "data-numbers=\"signins\".*?</table>", RegexOptions.Singleline).Value, "<tr><td><time"));
        Assert.Contains($"href=\"/console/pools/{pool}/overview\"", await HtmlAsync(await browser.GetAsync("/console/pools")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_asks_for_attention_to_a_failing_connection_and_a_spike_of_blocked_logins()
    {
        var pool = await NewPoolAsync();
        var log = Server.Service<IAuditLog>();
        var now = DateTimeOffset.UtcNow;
        async Task Write(int times, string type, string outcome, string? actor, string? slug, string? reason, DateTimeOffset? at = null)
        {
            for (var i = 0; i < times; i++)
                await log.WriteAsync(new AuditEvent { Pool = pool, Type = type, Outcome = outcome, Actor = actor, ConnectionSlug = slug, Reason = reason, OccurredAt = at ?? now.AddMinutes(-30) });
        }
        using var browser = await SignedInAsync(AdministratorRole.ReadOnly);
        Assert.Contains("data-attention-none", await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/overview")), StringComparison.Ordinal);

        await Write(3, "login.failed", "failure", "website-qr", "web", "40029 invalid code");
        await Write(9, "login.signed_in", "success", "website-qr", "web", null);
        await Write(2, "login.failed", "failure", "oa-web", "h5", "40163 code been used");
        await Write(5, "login.refused", "failure", "password", null, "blocked");
        await Write(7, "login.refused", "failure", "password", null, "blocked", now.AddDays(-3));
        var html = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/overview"));
        Assert.Contains("Connection web: 3 failed logins in the last 24 hours, 9 sign-ins.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection h5", html, StringComparison.Ordinal);
        Assert.Contains("5 logins of blocked users refused in the last 24 hours (1 a day in the week before).", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-attention=\"key-due\"", html, StringComparison.Ordinal);
    }
}
