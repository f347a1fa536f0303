using System.Net;
using WeGate.Core.Admin;
using WeGate.Core.Users;
using WeGate.Server.Login.Password;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Console;

public abstract partial class ConsoleContract
{
    [Fact]
    public async Task Without_a_session_the_console_sends_the_browser_to_sign_in_and_back_where_it_was_going()
    {
        using var anonymous = new Browser(Server.Http.BaseAddress!);
        var redirect = await anonymous.GetAsync("/console/pools/default/audit?outcome=failure");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/console/login?return=%2Fconsole%2Fpools%2Fdefault%2Faudit%3Foutcome%3Dfailure", redirect.Headers.Location!.OriginalString);

        using var browser = await SignInAsync(await NewAdministratorAsync(), Password, redirect.Headers.Location!.OriginalString);
        Assert.Equal("/console/pools/default/audit?outcome=failure", LastLanding!.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_owner_signs_in_through_the_login_page_and_the_session_cookie_is_httponly_and_strict()
    {
        var email = await NewAdministratorAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var toAuthorize = await browser.GetAsync("/console/login");
        var authorize = toAuthorize.Headers.Location!.OriginalString;
        Assert.Contains("/pools/_console/oauth2/authorize?", authorize, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize, StringComparison.Ordinal);
        Assert.Contains("prompt=login", authorize, StringComparison.Ordinal);
        var toCallback = await browser.SignInAsync(await browser.GetAsync(authorize), email, Password);
        var landing = await browser.GetAsync(toCallback.Headers.Location!.OriginalString);
        Assert.Equal("/console", landing.Headers.Location!.OriginalString);
        var cookie = Assert.Single(landing.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wegate_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var pools = await HtmlAsync(await browser.GetAsync("/console/pools"));
        Assert.Contains($"data-admin>{email}<", pools, StringComparison.Ordinal);
        Assert.Contains("data-pool=\"default\"", pools, StringComparison.Ordinal);
        Assert.DoesNotContain("_console", pools, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_signs_nobody_in_and_a_person_of_the_console_pool_without_a_role_is_refused()
    {
        var email = await NewAdministratorAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync((await browser.GetAsync("/console/login")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(toLogin, email, "wrong password")).StatusCode);

        // A user of the console's pool whose administrator role is gone (here: never given).
        var user = await Server.Service<IUserStore>().CreateAsync(new NewUser(ConsolePool.Name, UserProfile.Empty, [new NewIdentity(IdentityKind.Password, "norole-" + Guid.NewGuid().ToString("N")[..8])]));
        await Server.Service<LocalAccounts>().SetPasswordAsync(ConsolePool.Name, user.Id, Password, default);
        var identity = (await Server.Service<IUserStore>().GetIdentitiesAsync(ConsolePool.Name, user.Id)).Single();
        using var stranger = new Browser(Server.Http.BaseAddress!);
        var strangerLogin = await stranger.GetAsync((await stranger.GetAsync("/console/login")).Headers.Location!.OriginalString);
        var callback = await stranger.SignInAsync(strangerLogin, identity.Identifier, Password);
        var refused = await stranger.GetAsync(callback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not an administrator", await HtmlAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/console/pools")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_returns_only_to_a_console_path_and_a_callback_without_its_state_is_refused()
    {
        using var browser = await SignInAsync(await NewAdministratorAsync(), Password, "/console/login?return=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/console", LastLanding!.Headers.Location!.OriginalString);

        using var other = new Browser(Server.Http.BaseAddress!);
        var forged = await other.GetAsync("/console/callback?code=stolen&state=guess");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("data-refusal", await HtmlAsync(forged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_console_session()
    {
        using var browser = await SignedInAsync();
        var signedOut = await PostAsync(browser, "/console/logout", []);
        Assert.Equal("/console/signed-out", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/console/pools")).StatusCode);
    }

    [Fact]
    public async Task The_admin_api_neither_lists_nor_reaches_the_console_pool()
    {
        var pools = await (await Server.Admin.GetAsync("/admin/api/pools")).JsonAsync();
        Assert.DoesNotContain(pools.EnumerateArray(), p => p.GetProperty("name").GetString() == ConsolePool.Name);
        await (await Server.Admin.GetAsync($"/admin/api/pools/{ConsolePool.Name}")).AssertProblemAsync(404);
        await (await Server.Admin.GetAsync($"/admin/api/pools/{ConsolePool.Name}/users")).AssertProblemAsync(404);
        await (await Server.Admin.DeleteAsync($"/admin/api/pools/{ConsolePool.Name}")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync($"/pools/{ConsolePool.Name}/.well-known/openid-configuration")).StatusCode);
    }

    [Fact]
    public async Task The_console_answers_in_chinese_when_asked_and_remembers_it()
    {
        using var browser = await SignedInAsync();
        var zh = await HtmlAsync(await browser.GetAsync("/console/pools?lang=zh-CN"));
        Assert.Contains("<html lang=\"zh-CN\">", zh, StringComparison.Ordinal);
        Assert.Contains("用户池", zh, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", await HtmlAsync(await browser.GetAsync("/console/pools")), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await HtmlAsync(await browser.GetAsync("/console/pools?lang=en")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_pages_forbid_framing_and_scripts()
    {
        using var browser = await SignedInAsync();
        var page = await browser.GetAsync("/console/pools");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Outside_development_the_admin_api_reference_and_its_document_open_to_a_signed_in_administrator()
    {
        using var anonymous = new Browser(Server.Http.BaseAddress!);
        var toSignIn = await anonymous.GetAsync("/admin/reference/v1");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.Equal("/console/login?return=%2Fadmin%2Freference%2Fv1", toSignIn.Headers.Location!.OriginalString);
        await (await anonymous.GetAsync("/openapi/v1.json")).AssertProblemAsync(401);

        using var browser = await SignInAsync(await NewAdministratorAsync(AdministratorRole.ReadOnly), Password, toSignIn.Headers.Location!.OriginalString);
        Assert.Equal("/admin/reference/v1", LastLanding!.Headers.Location!.OriginalString);
        var reference = await browser.GetAsync("/admin/reference/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("WeGate admin API", await HtmlAsync(reference), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
