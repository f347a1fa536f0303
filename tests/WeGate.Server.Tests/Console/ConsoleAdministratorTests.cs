using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.Admin;
using WeGate.Core.Audit;
using WeGate.Server.Console;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Console;

// docs/console.md#administrators-page: an owner adds, changes and removes administrators through the code
// of `wegate admin`, each change audited in the console's pool; pool deletion with a typed name.
public abstract partial class ConsoleContract
{
    [Fact]
    public async Task An_owner_adds_an_administrator_whose_password_is_shown_once_and_signs_in_and_the_list_shows_role_and_last_sign_in()
    {
        var owner = await NewAdministratorAsync();
        using var browser = await SignInAsync(owner, Password);
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var added = await PostAsync(browser, "/console/administrators", new() { ["email"] = email, ["role"] = AdministratorRole.ReadOnly });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var password = Regex.Match(await HtmlAsync(added), "data-password>([^<]+)<").Groups[1].Value;
        Assert.Equal(24, password.Length);
        Assert.DoesNotContain(password, await HtmlAsync(await browser.GetAsync("/console/administrators")), StringComparison.Ordinal);

        using var added2 = await SignInAsync(email, password);
        var list = await HtmlAsync(await browser.GetAsync("/console/administrators"));
        var row = Regex.Match(list, $"<tr data-administrator=\"{Regex.Escape(email)}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("data-role=\"read-only\"", row, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(row, "<time ")); // created and last sign-in
        Assert.Contains(await ConsoleEventsAsync(), e => e.Type == AuditEventType.AdminAdministratorCreated && e.Actor == "administrator:" + owner && e.Reason == "read-only");

        var again = await PostAsync(browser, "/console/administrators", new() { ["email"] = email.ToUpperInvariant(), ["role"] = AdministratorRole.Owner });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("exists already", await HtmlAsync(again), StringComparison.Ordinal);
        var bad = await PostAsync(browser, "/console/administrators", new() { ["email"] = "not-an-email", ["role"] = "boss" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("email must be an email address; role must be owner or read-only", await HtmlAsync(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_role_counts_at_the_administrators_next_request_and_a_removal_ends_their_session_at_once()
    {
        using var owner = await SignedInAsync();
        var other = await NewAdministratorAsync(AdministratorRole.Owner, "other");
        using var theirs = await SignInAsync(other.Email, Password);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(theirs, "/console/pools/default", new() { ["display_name"] = "Default" })).StatusCode);

        var demoted = await PostAsync(owner, $"/console/administrators/{other.UserId}/role", new() { ["role"] = AdministratorRole.ReadOnly });
        Assert.Equal($"/console/administrators?changed={Uri.EscapeDataString(other.Email)}", demoted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(theirs, "/console/pools/default", new() { ["display_name"] = "Default" })).StatusCode);

        var removed = await PostAsync(owner, $"/console/administrators/{other.UserId}/remove", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var next = await theirs.GetAsync("/console/pools");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/console/login", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(await Server.Service<IAdministratorStore>().GetAsync(other.UserId));
        Assert.Null(await Server.Service<Core.Users.IUserStore>().GetAsync(ConsolePool.Name, other.UserId));

        var events = (await ConsoleEventsAsync()).Where(e => e.UserId == other.UserId).ToList();
        Assert.Contains(events, e => e.Type == AuditEventType.AdminAdministratorRoleChanged && e.Reason == $"{other.Email}: owner → read-only" && e.Actor!.StartsWith("administrator:", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type == AuditEventType.AdminAdministratorRemoved && e.Reason == $"removed {other.Email} (read-only)");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(owner, $"/console/administrators/{other.UserId}/remove", [])).StatusCode);
    }

    [Fact]
    public async Task Changing_or_removing_yourself_needs_the_tick_and_removing_yourself_signs_you_out()
    {
        var me = await NewAdministratorAsync(AdministratorRole.Owner, "me");
        using var browser = await SignInAsync(me.Email, Password);
        var page = await HtmlAsync(await browser.GetAsync("/console/administrators"));
        Assert.Contains("name=\"confirm_self\" required", page, StringComparison.Ordinal);

        foreach (var (action, fields) in new[] { ("role", new Dictionary<string, string> { ["role"] = AdministratorRole.ReadOnly }), ("remove", []) })
        {
            var refused = await PostAsync(browser, $"/console/administrators/{me.UserId}/{action}", fields, "/console/administrators");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("To change or remove yourself, tick", await HtmlAsync(refused), StringComparison.Ordinal);
        }
        Assert.Equal(AdministratorRole.Owner, (await Server.Service<IAdministratorStore>().GetAsync(me.UserId))!.Role);

        var removed = await PostAsync(browser, $"/console/administrators/{me.UserId}/remove", new() { ["confirm_self"] = "on" }, "/console/administrators");
        Assert.Equal("/console/signed-out", removed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/console/pools")).StatusCode);
        Assert.Null(await Server.Service<IAdministratorStore>().GetAsync(me.UserId));
    }

    [Fact]
    public async Task An_owner_deletes_a_pool_only_after_typing_its_name_and_everything_in_it_goes_as_through_the_admin_api()
    {
        var pool = await NewPoolAsync();
        await NewConnectionAsync(pool);
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications",
            new { display_name = "Shop", type = "spa", redirect_uris = new[] { "https://app.example.com/cb" } })).StatusCode);
        using var browser = await SignedInAsync();
        Assert.Contains("data-delete-pool", await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}")), StringComparison.Ordinal);

        var wrong = await PostAsync(browser, $"/console/pools/{pool}/delete", new() { ["confirm_name"] = pool + "x" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains($"type {pool} exactly to delete it", await HtmlAsync(wrong), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.GetAsync($"/admin/api/pools/{pool}")).StatusCode);

        var deleted = await PostAsync(browser, $"/console/pools/{pool}/delete", new() { ["confirm_name"] = pool });
        Assert.Equal($"/console/pools?deleted={pool}", deleted.Headers.Location!.OriginalString);
        await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}")).AssertProblemAsync(404);
        // As after the admin API's DELETE: the same name starts again empty, with no history.
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool, display_name = "Again" })).StatusCode);
        Assert.Empty((await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/connections")).JsonAsync()).EnumerateArray());
        Assert.Empty((await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/applications")).JsonAsync()).EnumerateArray());
        Assert.Single((await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events")).JsonAsync()).EnumerateArray());

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(browser, $"/console/pools/{ConsolePool.Name}/delete", new() { ["confirm_name"] = ConsolePool.Name })).StatusCode);
        Assert.True(await Server.Service<IAdministratorStore>().AnyAsync());
    }

    private async Task<IReadOnlyList<AuditEvent>> ConsoleEventsAsync() => await Server.Service<IAuditLog>().ListAsync(ConsolePool.Name, 100_000);
}
