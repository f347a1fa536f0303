using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.Audit;

namespace WeGate.Server.Tests.Console;

// The pages do what the admin API does, with its rules and its audit events, the administrator as actor.
public abstract partial class ConsoleContract
{
    [Fact]
    public async Task An_owner_creates_and_renames_a_pool_and_the_audit_log_names_the_administrator()
    {
        var email = await NewAdministratorAsync();
        using var browser = await SignInAsync(email, Password);
        var name = "c" + Guid.NewGuid().ToString("N")[..12];
        var created = await PostAsync(browser, "/console/pools", new() { ["name"] = name, ["display_name"] = "Shop" });
        Assert.Equal($"/console/pools?created={name}", created.Headers.Location!.OriginalString);
        var renamed = await PostAsync(browser, $"/console/pools/{name}", new() { ["display_name"] = "Shop China" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);

        Assert.Equal("Shop China", (await (await Server.Admin.GetAsync($"/admin/api/pools/{name}")).JsonAsync()).GetProperty("display_name").GetString());
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{name}/audit-events")).JsonAsync();
        Assert.Equal([AuditEventType.AdminPoolUpdated, AuditEventType.AdminPoolCreated], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(events.EnumerateArray(), e => Assert.Equal("administrator:" + email, e.GetProperty("actor").GetString()));
    }

    [Theory]
    [InlineData("Bad Name", HttpStatusCode.BadRequest, "name must be")]
    [InlineData("default", HttpStatusCode.Conflict, "exists already")]
    public async Task A_pool_the_rules_refuse_is_explained_on_the_form_with_what_was_typed(string name, HttpStatusCode status, string says)
    {
        using var browser = await SignedInAsync();
        var refused = await PostAsync(browser, "/console/pools", new() { ["name"] = name, ["display_name"] = "Kept" });
        Assert.Equal(status, refused.StatusCode);
        var html = await HtmlAsync(refused);
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_rotates_a_signing_key_and_the_page_shows_the_new_active_key()
    {
        var pool = await NewPoolAsync();
        using var browser = await SignedInAsync();
        var rotated = await PostAsync(browser, $"/console/pools/{pool}/keys/rotate", new() { ["algorithm"] = "ES256" });
        var kid = Regex.Match(rotated.Headers.Location!.OriginalString, "rotated=([^&]+)").Groups[1].Value;
        var keys = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/signing-keys")).JsonAsync();
        Assert.Contains(keys.EnumerateArray(), k => k.GetProperty("kid").GetString() == kid && k.GetProperty("state").GetString() == "active");
        var page = await HtmlAsync(await browser.GetAsync(rotated.Headers.Location!.OriginalString));
        Assert.Contains($"data-kid=\"{kid}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-notice", page, StringComparison.Ordinal);

        var wrong = await PostAsync(browser, $"/console/pools/{pool}/keys/rotate", new() { ["algorithm"] = "HS256" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("algorithm must be ES256 or RS256", await HtmlAsync(wrong), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_filters_by_user_connection_outcome_and_time_pages_and_exports_csv()
    {
        var pool = await NewPoolAsync();
        var log = Server.Service<IAuditLog>();
        var at = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 60; i++)
        {
            await log.WriteAsync(new AuditEvent
            {
                Pool = pool, Type = LoginEventType.SignedIn, Outcome = i % 3 == 0 ? AuditOutcome.Failure : AuditOutcome.Success, UserId = $"u{i % 2}",
                ConnectionSlug = i < 30 ? "oa" : "mp", Reason = i == 0 ? "=HYPERLINK(\"x\")" : null, OccurredAt = at.AddHours(i),
            });
        }
        using var browser = await SignedInAsync();
        var first = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/audit"));
        Assert.Equal(50, Regex.Count(first, "data-event="));
        var older = WebUtility.HtmlDecode(Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        // The 60 sign-ins and the pool's creation, newest first: 50 and 11.
        Assert.Equal(11, Regex.Count(await HtmlAsync(await browser.GetAsync(older)), "data-event="));

        var filtered = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/audit?user_id=u0&connection=oa&outcome=failure&from=2026-11-01&to=2026-11-01"));
        // u0 is every even i, failure every third: of i = 0, 6, 12, 18 on "oa", 1 November (from 08:00) holds i < 16.
        Assert.Equal(3, Regex.Count(filtered, "data-event="));

        var csv = await browser.GetAsync($"/console/pools/{pool}/audit.csv?outcome=failure");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("occurred_at,type,outcome,user_id,connection,client_id,actor,ip,user_agent,reason", lines[0]);
        Assert.Equal(20, lines.Length - 1);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"x\"\")\"", lines[^1], StringComparison.Ordinal);

        var bad = await browser.GetAsync($"/console/pools/{pool}/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from must be a date", await HtmlAsync(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_apis_audit_events_take_the_same_filters()
    {
        var pool = await NewPoolAsync();
        await Server.Service<IAuditLog>().WriteAsync(new AuditEvent { Pool = pool, Type = LoginEventType.Failed, Outcome = AuditOutcome.Failure, ConnectionSlug = "oa" });
        var failures = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?outcome=failure&connection=oa")).JsonAsync();
        Assert.Equal(LoginEventType.Failed, Assert.Single(failures.EnumerateArray()).GetProperty("type").GetString());
        await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?outcome=maybe")).AssertProblemAsync(400, "outcome");
        await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?to=soon")).AssertProblemAsync(400, "to");
    }

    [Fact]
    public async Task An_owner_creates_an_application_sees_its_secret_once_edits_it_and_rotates_the_secret()
    {
        using var browser = await SignedInAsync();
        var created = await PostAsync(browser, "/console/pools/default/applications", new()
        {
            ["display_name"] = "Shop", ["type"] = "web", ["redirect_uris"] = "https://shop.example.com/cb\r\nhttps://shop.example.com/cb2",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await HtmlAsync(created);
        var clientId = Regex.Match(html, "data-client-id>([^<]+)<").Groups[1].Value;
        var secret = Regex.Match(html, "data-client-secret>([^<]+)<").Groups[1].Value;
        Assert.StartsWith("wgs_", secret, StringComparison.Ordinal);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var page = await HtmlAsync(await browser.GetAsync($"/console/pools/default/applications/{clientId}"));
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);

        var saved = await PostAsync(browser, $"/console/pools/default/applications/{clientId}", new()
        {
            ["display_name"] = "Shop CN", ["redirect_uris"] = "https://shop.example.com/cb", ["post_logout_redirect_uris"] = "", ["logo_uri"] = "",
            ["primary_color"] = "#0958d9", ["enabled"] = "on",
        }, page: $"/console/pools/default/applications/{clientId}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var app = await (await Server.Admin.GetAsync($"/admin/api/pools/default/applications/{clientId}")).JsonAsync();
        Assert.Equal("Shop CN", app.GetProperty("display_name").GetString());
        Assert.Equal(["https://shop.example.com/cb"], app.GetProperty("redirect_uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("#0958d9", app.GetProperty("branding").GetProperty("primary_color").GetString());

        var rotated = await HtmlAsync(await PostAsync(browser, $"/console/pools/default/applications/{clientId}/secret", []));
        var newSecret = Regex.Match(rotated, "data-client-secret>([^<]+)<").Groups[1].Value;
        Assert.StartsWith("wgs_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(secret, newSecret);
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/default/audit-events?limit=3")).JsonAsync();
        Assert.Equal([AuditEventType.AdminApplicationSecretRotated, AuditEventType.AdminApplicationUpdated, AuditEventType.AdminApplicationCreated],
            events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task An_application_the_rules_refuse_is_explained_and_an_unknown_one_is_a_404_page()
    {
        using var browser = await SignedInAsync();
        var refused = await PostAsync(browser, "/console/pools/default/applications", new()
        {
            ["display_name"] = "Shop", ["type"] = "spa", ["redirect_uris"] = "not a url",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("redirect_uris", await HtmlAsync(refused), StringComparison.Ordinal);
        var unknown = await browser.GetAsync("/console/pools/default/applications/nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/console/pools/_console/applications")).StatusCode);
    }
}
