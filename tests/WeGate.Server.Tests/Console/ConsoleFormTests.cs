using System.Net;
using WeGate.Core.Admin;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Console;

// docs/console.md#security: every change needs the page's anti-forgery token and an owner.
public abstract partial class ConsoleContract
{
    // Every action of the console, with fields that would succeed for an owner.
    public static TheoryData<string, string> Actions => new()
    {
        { "/console/pools", "name={new}&display_name=New" },
        { "/console/pools/default", "display_name=Changed" },
        { "/console/pools/default/keys/rotate", "algorithm=ES256" },
        { "/console/pools/default/applications", "display_name=New&type=spa&redirect_uris=https%3A%2F%2Fapp.example.com%2Fcb" },
        { "/console/pools/default/applications/{app}", "display_name=Changed&redirect_uris=https%3A%2F%2Fapp.example.com%2Fcb" },
        { "/console/pools/default/applications/{app}/secret", "" },
        { "/console/pools/default/users/{user}/block", "" },
        { "/console/pools/default/users/{user}/unblock", "" },
        { "/console/pools/default/users/{user}/identities/{identity}/unlink", "" },
        { "/console/pools/default/users/{user}/merge", "source_user_id={source}" },
        { "/console/pools/default/users/{user}/revoke", "" },
        { "/console/pools/default/users/{user}/password", "password=correct%20horse%20battery&password_again=correct%20horse%20battery" },
        { "/console/pools/default/connections", "type=mobile&slug={new}&display_name=New&app_id=wx0123456789abcdef&app_secret=abc123&enabled=on" },
        { "/console/pools/default/connections/{conn}", "display_name=Changed&app_id=wx0123456789abcdef&enabled=on" },
        { "/console/pools/default/connections/{conn}/delete", "" },
        { "/console/pools/{pool}/delete", "confirm_name={pool}" },
        { "/console/administrators", "email={new}%40example.com&role=read-only" },
        { "/console/administrators/{admin}/role", "role=read-only" },
        { "/console/administrators/{admin}/remove", "" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task A_read_only_administrator_is_refused_each_action_and_nothing_changes(string action, string fields)
    {
        var (path, form) = await ActionAsync(action, fields);
        var before = await AuditCountAsync();
        using var browser = await SignedInAsync(AdministratorRole.ReadOnly);
        var refused = await PostAsync(browser, path, form);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("read-only: you can see everything and change nothing", await HtmlAsync(refused), StringComparison.Ordinal);
        Assert.Equal(before, await AuditCountAsync());
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task A_forged_post_without_the_pages_token_is_refused_and_nothing_changes(string action, string fields)
    {
        var (path, form) = await ActionAsync(action, fields);
        var before = await AuditCountAsync();
        using var browser = await SignedInAsync();
        // What another site's form would send with the owner's cookies: no token, or a token of its own.
        var withoutToken = await browser.PostFormAsync(path, form);
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);
        Assert.Contains("anti-forgery token is missing or wrong", await HtmlAsync(withoutToken), StringComparison.Ordinal);
        using var attacker = await SignedInAsync();
        var attackersToken = Browser.Hidden(await HtmlAsync(await attacker.GetAsync("/console/pools")), "__RequestVerificationToken");
        var withAnotherToken = await browser.PostFormAsync(path, new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = attackersToken });
        Assert.Equal(HttpStatusCode.Forbidden, withAnotherToken.StatusCode);
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task A_post_without_the_session_cookie_changes_nothing()
    {
        using var stranger = new Browser(Server.Http.BaseAddress!);
        var refused = await stranger.PostFormAsync("/console/pools", new Dictionary<string, string> { ["name"] = "never", ["display_name"] = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await (await Server.Admin.GetAsync("/admin/api/pools/never")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_read_only_administrator_sees_every_page_and_no_form_but_sign_out()
    {
        var app = await NewApplicationAsync();
        var (user, source, _) = await UsersForActionsAsync();
        using var browser = await SignedInAsync(AdministratorRole.ReadOnly);
        foreach (var page in new[] { "/console/pools", "/console/pools/default", "/console/pools/default/keys", "/console/pools/default/audit",
            "/console/pools/default/applications", $"/console/pools/default/applications/{app}", "/console/pools/default/users", "/console/administrators",
            $"/console/pools/default/users/{user}", $"/console/pools/default/users/{user}/merge?source_user_id={source}" })
        {
            var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await HtmlAsync(response);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<form method=\"post\""));
            Assert.Contains("<form method=\"post\" action=\"/console/logout\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("source_user_id\" type=\"text\"", html, StringComparison.Ordinal);
        }
    }

    private async Task<(string Path, Dictionary<string, string> Form)> ActionAsync(string action, string fields)
    {
        var app = await NewApplicationAsync();
        var (user, source, identity) = await UsersForActionsAsync();
        var form = fields.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1]).Replace("{new}", "n" + Guid.NewGuid().ToString("N")[..10], StringComparison.Ordinal)
                .Replace("{source}", source, StringComparison.Ordinal));
        var conn = action.Contains("{conn}", StringComparison.Ordinal) ? await NewConnectionAsync("default") : "";
        var pool = action.Contains("{pool}", StringComparison.Ordinal) ? await NewPoolAsync() : "";
        var admin = action.Contains("{admin}", StringComparison.Ordinal) ? (await NewAdministratorAsync(AdministratorRole.Owner, "x")).UserId : "";
        foreach (var key in form.Keys.ToList())
            form[key] = form[key].Replace("{pool}", pool, StringComparison.Ordinal);
        return (action.Replace("{app}", app, StringComparison.Ordinal).Replace("{user}", user, StringComparison.Ordinal).Replace("{identity}", identity, StringComparison.Ordinal)
            .Replace("{conn}", conn, StringComparison.Ordinal).Replace("{pool}", pool, StringComparison.Ordinal).Replace("{admin}", admin, StringComparison.Ordinal), form);
    }

    // A user of the pool default with two identities (so one may be unlinked), and another to merge into it.
    private async Task<(string User, string Source, string Identity)> UsersForActionsAsync()
    {
        var tag = Guid.NewGuid().ToString("N");
        var user = await NewUserAsync("default", "Ming", new Core.Users.NewIdentity(Core.Users.IdentityKind.Email, $"{tag}@example.com"), new Core.Users.NewIdentity(Core.Users.IdentityKind.WeChatUnionId, "u" + tag));
        var source = await NewUserAsync("default", "Ming 2", new Core.Users.NewIdentity(Core.Users.IdentityKind.WeChatOpenId, "wxapp1:o" + tag));
        return (user, source, (await Server.Service<Core.Users.IUserStore>().GetIdentitiesAsync("default", user))[0].Id);
    }

    protected async Task<string> NewApplicationAsync(string type = "web")
    {
        var created = await Server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            display_name = "Shop", type, redirect_uris = new[] { "https://app.example.com/cb" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("application").GetProperty("client_id").GetString()!;
    }

    // The pool default's events, the pools, and the changes of administrators made in the console (the
    // administrators the tests make themselves are not counted).
    private async Task<int> AuditCountAsync() =>
        (await (await Server.Admin.GetAsync("/admin/api/pools/default/audit-events?limit=1000")).JsonAsync()).GetArrayLength()
        + (await (await Server.Admin.GetAsync("/admin/api/pools")).JsonAsync()).GetArrayLength()
        + (await Server.Service<Core.Audit.IAuditLog>().ListAsync(ConsolePool.Name, 100_000)).Count(e => e.Actor?.StartsWith("administrator:", StringComparison.Ordinal) == true);
}
