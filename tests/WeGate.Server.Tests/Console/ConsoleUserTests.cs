using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.Audit;
using WeGate.Core.Users;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Console;

// docs/console.md#users: the admin API's search and user actions, with its rules and audit events.
public abstract partial class ConsoleContract
{
    [Fact]
    public async Task Users_are_found_by_openid_unionid_phone_and_email_and_paged_as_the_api_pages()
    {
        var pool = await NewPoolAsync();
        var ming = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.WeChatOpenId, "wxapp1:o_ming", "oa"), new NewIdentity(IdentityKind.WeChatUnionId, "u_ming"),
            new NewIdentity(IdentityKind.Phone, "+8613800138000"), new NewIdentity(IdentityKind.Email, "ming@example.com"));
        for (var i = 0; i < UsersPageSize; i++)
            await NewUserAsync(pool, $"Other {i}");
        using var browser = await SignedInAsync();
        foreach (var query in new[] { "openid=o_ming", "openid=wxapp1%3Ao_ming", "unionid=u_ming", "phone=%2B8613800138000", "email=MING%40example.com" })
        {
            var html = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users?{query}"));
            Assert.Equal(ming, Assert.Single(Regex.Matches(html, "data-user=\"([^\"]+)\"")).Groups[1].Value);
        }
        var first = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users"));
        Assert.Equal(UsersPageSize, Regex.Count(first, "data-user="));
        var next = WebUtility.HtmlDecode(Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal(1, Regex.Count(await HtmlAsync(await browser.GetAsync(next)), "data-user="));
        Assert.Contains("No user matches.", await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users?openid=nobody")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_are_found_by_part_of_their_name_in_any_case_with_the_filter_kept_across_pages()
    {
        var pool = await NewPoolAsync();
        var zhang = await NewUserAsync(pool, "张三");
        await NewUserAsync(pool, "李四");
        for (var i = 0; i <= UsersPageSize; i++)
            await NewUserAsync(pool, $"Ming_{i}");
        await NewUserAsync(pool, "MingX1");
        using var browser = await SignedInAsync();
        var html = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users?name={Uri.EscapeDataString("张")}"));
        Assert.Equal(zhang, Assert.Single(Regex.Matches(html, "data-user=\"([^\"]+)\"")).Groups[1].Value);
        Assert.Contains($"value=\"张\"", html, StringComparison.Ordinal);
        var first = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users?name=ming_"));
        Assert.Equal(UsersPageSize, Regex.Count(first, "data-user="));
        var next = WebUtility.HtmlDecode(Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains("name=ming_", next, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(await HtmlAsync(await browser.GetAsync(next)), "data-user="));
        var tooLong = await browser.GetAsync($"/console/pools/{pool}/users?name={new string('n', 201)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Bad_input_on_the_users_pages_is_a_clear_page_never_a_500()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.Email, "ming@example.com"));
        using var browser = await SignedInAsync();
        var tooLong = await browser.GetAsync($"/console/pools/{pool}/users?openid={new string('o', 201)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("openid must be at most 200 characters", await HtmlAsync(tooLong), StringComparison.Ordinal);
        foreach (var path in new[] { $"/console/pools/{pool}/users/nobody", $"/console/pools/{pool}/users/{new string('x', 300)}", $"/console/pools/{pool}/users/%27%22%3Cb%3E",
            $"/console/pools/{pool}/users/{user}/merge?source_user_id=nobody", "/console/pools/nopool/users" })
        {
            var missing = await browser.GetAsync(path);
            Assert.True(missing.StatusCode == HttpStatusCode.NotFound, $"{path}: {missing.StatusCode}");
            Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
            Assert.Contains("data-refusal", await HtmlAsync(missing), StringComparison.Ordinal);
        }
        foreach (var source in new[] { "", user, new string('x', 65) })
        {
            var refused = await browser.GetAsync($"/console/pools/{pool}/users/{user}/merge?source_user_id={source}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("source_user_id", await HtmlAsync(refused), StringComparison.Ordinal);
        }
        var unknownIdentity = await PostAsync(browser, $"/console/pools/{pool}/users/{user}/identities/nothing/unlink", [], $"/console/pools/{pool}/users/{user}");
        Assert.Equal(HttpStatusCode.NotFound, unknownIdentity.StatusCode);
    }

    [Fact]
    public async Task A_users_page_shows_the_profile_identities_with_their_source_and_the_audit_timeline()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.WeChatOpenId, "wxapp1:o_ming", "oa"), new NewIdentity(IdentityKind.Email, "ming@example.com"));
        await Server.Service<IUserStore>().RecordLoginAsync(pool, user);
        await Server.Service<IAuditLog>().WriteAsync(new AuditEvent { Pool = pool, Type = LoginEventType.SignedIn, Outcome = AuditOutcome.Success, UserId = user, ConnectionSlug = "oa" });
        using var browser = await SignedInAsync();
        var html = await HtmlAsync(await browser.GetAsync($"/console/pools/{pool}/users/{user}"));
        Assert.Contains("<h1>Ming</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<code>oa</code> · AppID <code>wxapp1</code>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "data-identity="));
        Assert.Contains($"data-event=\"{LoginEventType.SignedIn}\"", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Logins</dt><dd>1</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_blocks_and_unblocks_a_user_with_the_admin_apis_events_and_the_administrator_as_actor()
    {
        var user = await NewUserAsync("default", "Ming", new NewIdentity(IdentityKind.Email, $"{Guid.NewGuid():N}@example.com"));
        var email = await NewAdministratorAsync();
        using var browser = await SignInAsync(email, Password);
        var page = $"/console/pools/default/users/{user}";
        var blocked = await PostAsync(browser, page + "/block", [], page);
        Assert.Equal(page + "?done=blocked", blocked.Headers.Location!.OriginalString);
        Assert.True((await (await Server.Admin.GetAsync($"/admin/api/pools/default/users/{user}")).JsonAsync()).GetProperty("user").GetProperty("blocked").GetBoolean());
        var shown = await HtmlAsync(await browser.GetAsync(blocked.Headers.Location!.OriginalString));
        Assert.Contains("data-blocked", shown, StringComparison.Ordinal);
        Assert.Contains($"action=\"{page}/unblock\"", shown, StringComparison.Ordinal);
        Assert.Contains($"data-event=\"{AuditEventType.AdminUserBlocked}\"", shown, StringComparison.Ordinal);

        await PostAsync(browser, page + "/unblock", [], page);
        Assert.False((await (await Server.Admin.GetAsync($"/admin/api/pools/default/users/{user}")).JsonAsync()).GetProperty("user").GetProperty("blocked").GetBoolean());
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/default/audit-events?user_id={user}")).JsonAsync();
        Assert.Equal([AuditEventType.AdminUserUnblocked, AuditEventType.AdminUserBlocked], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(events.EnumerateArray(), e => Assert.Equal("administrator:" + email, e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Unlinking_shows_the_apis_sentence_for_the_last_way_in_and_unlinks_any_other()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.Email, "ming@example.com"), new NewIdentity(IdentityKind.Phone, "+8613800138000"));
        var identities = await Server.Service<IUserStore>().GetIdentitiesAsync(pool, user);
        using var browser = await SignedInAsync();
        var page = $"/console/pools/{pool}/users/{user}";
        var unlinked = await PostAsync(browser, $"{page}/identities/{identities[0].Id}/unlink", [], page);
        Assert.Equal(page + "?done=unlinked", unlinked.Headers.Location!.OriginalString);
        var last = await PostAsync(browser, $"{page}/identities/{identities[1].Id}/unlink", [], page);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("is the last way user", await HtmlAsync(last), StringComparison.Ordinal);
        Assert.Single(await Server.Service<IUserStore>().GetIdentitiesAsync(pool, user));
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user}")).JsonAsync();
        Assert.Equal(AuditEventType.AdminUserIdentityUnlinked, Assert.Single(events.EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_owner_reviews_both_users_then_merges_one_into_the_other()
    {
        var pool = await NewPoolAsync();
        var target = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.Email, "ming@example.com"));
        var source = await NewUserAsync(pool, "Ming WeChat", new NewIdentity(IdentityKind.WeChatOpenId, "wxapp1:o_ming", "oa"));
        using var browser = await SignedInAsync();
        var page = $"/console/pools/{pool}/users/{target}";
        var review = await HtmlAsync(await browser.GetAsync($"{page}/merge?source_user_id={source}"));
        Assert.Equal([source, target], Regex.Matches(review, "data-side>([^<]+)<").Select(m => m.Groups[1].Value));
        Assert.Equal(source, Browser.Hidden(review, "source_user_id"));

        var merged = await PostAsync(browser, page + "/merge", new() { ["source_user_id"] = source }, $"{page}/merge?source_user_id={source}");
        Assert.Equal(page + "?done=merged", merged.Headers.Location!.OriginalString);
        await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/users/{source}")).AssertProblemAsync(404);
        Assert.Equal(2, (await Server.Service<IUserStore>().GetIdentitiesAsync(pool, target)).Count);
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events")).JsonAsync();
        Assert.Equal(2, events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == AuditEventType.AdminUserMerged));

        var again = await PostAsync(browser, page + "/merge", new() { ["source_user_id"] = source }, page);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("(source_user_id)", await HtmlAsync(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_sets_a_users_password_under_the_apis_policy_and_never_sees_it_again()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.Email, "ming@example.com"));
        using var browser = await SignedInAsync();
        var page = $"/console/pools/{pool}/users/{user}";
        var differ = await PostAsync(browser, page + "/password", new() { ["password"] = "long enough 1", ["password_again"] = "long enough 2" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, differ.StatusCode);
        Assert.Contains("The two passwords differ.", await HtmlAsync(differ), StringComparison.Ordinal);
        var tooShort = await PostAsync(browser, page + "/password", new() { ["password"] = "short", ["password_again"] = "short" }, page);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("password", await HtmlAsync(tooShort), StringComparison.Ordinal);

        var set = await PostAsync(browser, page + "/password", new() { ["password"] = "a new password 42", ["password_again"] = "a new password 42" }, page);
        Assert.Equal(page + "?done=password_set", set.Headers.Location!.OriginalString);
        Assert.DoesNotContain("a new password 42", await HtmlAsync(await browser.GetAsync(set.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user}")).JsonAsync();
        Assert.Equal(AuditEventType.AdminUserPasswordSet, Assert.Single(events.EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_owner_signs_a_user_out_everywhere_without_blocking_them_as_the_api_does()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "Ming", new NewIdentity(IdentityKind.Email, "ming@example.com"));
        var viaApi = await (await Server.Admin.PostAsync($"/admin/api/pools/{pool}/users/{user}/revoke-access", null)).JsonAsync();
        Assert.Equal(0, viaApi.GetProperty("sessions").GetInt32());
        await (await Server.Admin.PostAsync($"/admin/api/pools/{pool}/users/nobody/revoke-access", null)).AssertProblemAsync(404);
        var email = await NewAdministratorAsync();
        using var browser = await SignInAsync(email, Password);
        var page = $"/console/pools/{pool}/users/{user}";
        var revoked = await PostAsync(browser, page + "/revoke", [], page);
        Assert.Equal(page + "?done=revoked", revoked.Headers.Location!.OriginalString);
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user}")).JsonAsync();
        Assert.Equal(["administrator:" + email, "admin-key:configured"], events.EnumerateArray().Select(e => e.GetProperty("actor").GetString()));
        Assert.All(events.EnumerateArray(), e => Assert.Equal(AuditEventType.AdminUserAccessRevoked, e.GetProperty("type").GetString()));
        Assert.False((await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/users/{user}")).JsonAsync()).GetProperty("user").GetProperty("blocked").GetBoolean());
    }

    [Fact]
    public async Task A_users_page_lists_their_live_sessions_and_grants_until_they_are_signed_out_everywhere()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, "小明");
        var now = Server.Service<TimeProvider>().GetUtcNow();
        await Server.Service<WeGate.Core.Sessions.ISessionStore>().CreateAsync(new WeGate.Core.Sessions.SsoSession("console-sess", pool, user, now, "wx", now.AddHours(1)));
        await Server.Service<WeGate.Core.Authorization.IGrantStore>().CreateAsync(
            new WeGate.Core.Authorization.Grant("console-grant", pool, "console-client", user, "console-sess", "openid profile", default, false) { AuthTime = now });
        var email = await NewAdministratorAsync();
        using var browser = await SignInAsync(email, Password);
        var page = $"/console/pools/{pool}/users/{user}";
        var before = await HtmlAsync(await browser.GetAsync(page));
        Assert.Equal(1, Regex.Count(before, "data-session>"));
        Assert.Contains("data-grant=\"console-client\"><td>", before, StringComparison.Ordinal);
        Assert.Contains("openid profile", before, StringComparison.Ordinal);
        await PostAsync(browser, page + "/revoke", [], page);
        var after = await HtmlAsync(await browser.GetAsync(page));
        Assert.Equal(0, Regex.Count(after, "data-session>"));
        Assert.Contains("data-grant=\"console-client\" data-revoked", after, StringComparison.Ordinal);
        Assert.Contains("No live session", after, StringComparison.Ordinal);
    }

    private const int UsersPageSize = WeGate.Server.Console.UsersPage.PageSize;

    protected async Task<string> NewUserAsync(string pool, string name, params NewIdentity[] identities) =>
        (await Server.Service<IUserStore>().CreateAsync(new NewUser(pool, UserProfile.Empty with { Name = name }, identities))).Id;
}
