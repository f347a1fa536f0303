using System.Net;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

public abstract partial class OidcFlowContract
{
    [Fact]
    public async Task Discovery_describes_the_pool_issuer_and_the_jwks_publishes_both_algorithms_keys()
    {
        var s = await SetupAsync();
        var doc = await (await Server.Http.GetAsync($"/pools/{s.Pool}/.well-known/openid-configuration")).JsonAsync();
        var issuer = doc.GetProperty("issuer").GetString()!;
        Assert.Equal($"{Server.Http.BaseAddress!.ToString().TrimEnd('/')}/pools/{s.Pool}", issuer);
        Assert.Equal(issuer + "/oauth2/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Contains("RS256", doc.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["S256"], doc.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(a => a.GetString()));
        Assert.True(doc.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());

        var (code, verifier, browser) = await CodeAsync(s);
        using (browser)
            Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(s, code, verifier)).StatusCode);
        var jwks = await (await Server.Http.GetAsync($"/pools/{s.Pool}/.well-known/jwks.json")).JsonAsync();
        Assert.Contains("ES256", jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("alg").GetString()));
        await Server.Http.GetAsync($"/pools/no-such-pool/.well-known/openid-configuration").ContinueWith(t => Assert.Equal(HttpStatusCode.NotFound, t.Result.StatusCode));
    }

    [Fact]
    public async Task A_public_client_signs_a_person_in_with_code_and_pkce_and_reads_their_claims()
    {
        var s = await SetupAsync("spa", "ES256");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;

        var response = await RedeemAsync(s, code, verifier);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var tokens = await response.JsonAsync();
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        var id = Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(s.ClientId, id.GetProperty("aud").GetString());
        Assert.Equal("n-456", id.GetProperty("nonce").GetString());
        Assert.Equal(["pwd"], id.GetProperty("amr").EnumerateArray().Select(a => a.GetString()));
        foreach (var claim in new[] { "iss", "sub", "exp", "iat", "auth_time", "azp", "at_hash", "sid" })
            Assert.True(id.TryGetProperty(claim, out _), $"id_token lacks {claim}");
        var at = Payload(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(id.GetProperty("sub").GetString(), at.GetProperty("sub").GetString());

        var claims = await (await UserInfoAsync(s, tokens.GetProperty("access_token").GetString()!)).JsonAsync();
        Assert.Equal(id.GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal("阿明", claims.GetProperty("nickname").GetString());
        Assert.Equal("ming@example.com", claims.GetProperty("email").GetString());
        Assert.False(claims.TryGetProperty("phone_number", out _));
    }

    [Fact]
    public async Task A_second_sign_in_in_the_same_browser_needs_no_password_and_prompt_none_works_only_with_a_session()
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var stranger = new Browser(Server.Http.BaseAddress!);
        var none = await stranger.GetAsync(AuthorizeUrl(s, challenge, extra: "&prompt=none"));
        Assert.Equal(HttpStatusCode.SeeOther, none.StatusCode);
        Assert.Equal("login_required", Browser.Query(none.Headers.Location!)["error"]);

        var (_, _, browser) = await CodeAsync(s);
        using var owned = browser;
        var silent = await browser.GetAsync(AuthorizeUrl(s, challenge, extra: "&prompt=none"));
        Assert.True(Browser.Query(silent.Headers.Location!).ContainsKey("code"));
        var sso = await browser.GetAsync(AuthorizeUrl(s, challenge));
        Assert.StartsWith(s.Redirect, sso.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var forced = await browser.GetAsync(AuthorizeUrl(s, challenge, extra: "&prompt=login"));
        Assert.Contains("/login?request=", forced.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_form_sent_twice_ends_its_request_once_and_the_second_gets_the_expired_page_and_no_code()
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync(AuthorizeUrl(s, challenge));
        var html = await (await browser.GetAsync(toLogin.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>
        {
            ["request"] = Browser.Hidden(html, "request"),
            ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"),
            ["login"] = s.Username,
            ["password"] = Password,
        };
        var action = $"/pools/{s.Pool}/login";

        var answers = await Task.WhenAll(browser.PostFormAsync(action, form), browser.PostFormAsync(action, form));

        var won = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.SeeOther);
        Assert.True(Browser.Query(won.Headers.Location!).ContainsKey("code"));
        var lost = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.SeeOther);
        Assert.Equal(HttpStatusCode.BadRequest, lost.StatusCode);
        Assert.Contains("This sign-in page has expired", await lost.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await browser.PostFormAsync(action, form);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_confidential_client_authenticates_either_way_and_refresh_tokens_rotate()
    {
        var s = await SetupAsync("web", "RS256");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var tokens = await (await RedeemAsync(s, code, verifier)).JsonAsync();
        var refresh1 = tokens.GetProperty("refresh_token").GetString()!;

        var second = await (await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh1 }, basic: false)).JsonAsync();
        var refresh2 = second.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(refresh1, refresh2);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(s, second.GetProperty("access_token").GetString()!)).StatusCode);

        var narrowed = await (await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh2, ["scope"] = "openid" })).JsonAsync();
        Assert.Equal("openid", narrowed.GetProperty("scope").GetString());

        // OIDC Core §12.2: the refreshed ID token keeps the sign-in's auth_time and amr.
        var first = Payload(tokens.GetProperty("id_token").GetString()!);
        var refreshed = Payload(narrowed.GetProperty("id_token").GetString()!);
        Assert.Equal(first.GetProperty("auth_time").GetInt64(), refreshed.GetProperty("auth_time").GetInt64());
        Assert.Equal(["pwd"], refreshed.GetProperty("amr").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong_and_repeated_failures_lock_the_account()
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var unknown = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), "nobody", Password);
        var wrong = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), s.Username, "wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("The login or password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 4; i++)
            await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), s.Username, "wrong password");
        var locked = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), s.Username, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);

        // A login nobody has answers exactly alike: the same failures, the same wait, the same words.
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), "nobody-at-all", "wrong password")).StatusCode);
        var lockedUnknown = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge)), "nobody-at-all", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedUnknown.StatusCode);
        Assert.Equal(Alert(await locked.Content.ReadAsStringAsync()), Alert(await lockedUnknown.Content.ReadAsStringAsync()));
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{s.Pool}/audit-events")).JsonAsync();
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "login.failed" && e.GetProperty("reason").GetString() == "locked out");
    }

    [Fact]
    public async Task A_correct_password_clears_the_failures_so_they_start_again_from_zero()
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(Server.Http.BaseAddress!);
        async Task<HttpStatusCode> TryAsync(string password) =>
            (await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge, extra: "&prompt=login")), s.Username, password)).StatusCode;

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("wrong password"));
        Assert.Equal(HttpStatusCode.SeeOther, await TryAsync(Password));
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("wrong password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync("wrong password"));
    }

    private static string Alert(string html)
    {
        var start = html.IndexOf("class=\"error\"", StringComparison.Ordinal);
        Assert.True(start > 0, "the page shows an error");
        return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_login_page_speaks_chinese_when_asked_and_refuses_a_post_without_its_anti_forgery_token()
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync(AuthorizeUrl(s, challenge, extra: "&ui_locales=zh-CN"));
        var html = await (await browser.GetAsync(toLogin.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.Contains("用户名、手机号或邮箱", html, StringComparison.Ordinal);

        var forged = await browser.PostFormAsync($"/pools/{s.Pool}/login", new Dictionary<string, string>
        {
            ["request"] = Browser.Hidden(html, "request"), ["login"] = s.Username, ["password"] = Password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
