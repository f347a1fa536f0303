using System.Net;
using WeGate.Server.Errors;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

public abstract partial class OidcFlowContract
{
    private Task<HttpResponseMessage> IntrospectAsync(Setup s, string token, string? hint = null) =>
        TokenPathAsync(s, "introspect", new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = hint ?? "" });

    private async Task<HttpResponseMessage> TokenPathAsync(Setup s, string path, IDictionary<string, string> form)
    {
        var fields = form.Where(kv => kv.Value.Length > 0).ToDictionary();
        if (s.Secret is not null)
            (fields["client_id"], fields["client_secret"]) = (s.ClientId, s.Secret);
        else
            fields["client_id"] = s.ClientId;
        return await Server.Http.PostAsync($"/pools/{s.Pool}/oauth2/{path}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Introspection_reports_live_tokens_and_revocation_ends_the_whole_grant()
    {
        var s = await SetupAsync("web", "RS256");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var tokens = await (await RedeemAsync(s, code, verifier)).JsonAsync();
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var live = await (await IntrospectAsync(s, access)).JsonAsync();
        Assert.True(live.GetProperty("active").GetBoolean());
        Assert.Equal(s.ClientId, live.GetProperty("client_id").GetString());
        Assert.Equal("Bearer", live.GetProperty("token_type").GetString());
        var liveRefresh = await (await IntrospectAsync(s, refresh, "refresh_token")).JsonAsync();
        Assert.True(liveRefresh.GetProperty("active").GetBoolean());
        Assert.False((await (await IntrospectAsync(s, "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")).JsonAsync()).GetProperty("active").GetBoolean());
        Assert.False((await (await IntrospectAsync(s, "garbage")).JsonAsync()).GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await TokenPathAsync(s, "revoke", new Dictionary<string, string> { ["token"] = refresh, ["token_type_hint"] = "refresh_token" })).StatusCode);

        Assert.False((await (await IntrospectAsync(s, access)).JsonAsync()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, access)).StatusCode);
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }), WeGateErrors.RefreshTokenUnknown);
        Assert.Equal(HttpStatusCode.OK, (await TokenPathAsync(s, "revoke", new Dictionary<string, string> { ["token"] = "never-issued" })).StatusCode);
    }

    [Fact]
    public async Task A_public_client_cannot_introspect_but_may_revoke_its_own_tokens_and_nobody_elses()
    {
        var s = await SetupAsync("spa");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var access = (await (await RedeemAsync(s, code, verifier)).JsonAsync()).GetProperty("access_token").GetString()!;
        await AssertOAuthErrorAsync(await IntrospectAsync(s, access), WeGateErrors.IntrospectionNeedsSecret);

        await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new { client_id = "other-spa", display_name = "Other", type = "spa", redirect_uris = new[] { s.Redirect } });
        await TokenPathAsync(s with { ClientId = "other-spa" }, "revoke", new Dictionary<string, string> { ["token"] = access });
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(s, access)).StatusCode);

        await TokenPathAsync(s, "revoke", new Dictionary<string, string> { ["token"] = access });
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, access)).StatusCode);
    }

    [Fact]
    public async Task Logout_with_an_id_token_hint_ends_the_session_and_returns_only_to_a_registered_uri()
    {
        var s = await SetupAsync("spa");
        await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { post_logout_redirect_uris = new[] { "https://app.example.com/bye" } });
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var idToken = (await (await RedeemAsync(s, code, verifier)).JsonAsync()).GetProperty("id_token").GetString()!;
        var logout = $"/pools/{s.Pool}/oauth2/logout?id_token_hint={idToken}&state=bye-1&post_logout_redirect_uri=";

        var evil = await browser.GetAsync(logout + Uri.EscapeDataString("https://evil.example.net/bye"));
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Null(evil.Headers.Location);
        var prefix = await browser.GetAsync(logout + Uri.EscapeDataString("https://app.example.com/bye/more"));
        Assert.Equal(HttpStatusCode.BadRequest, prefix.StatusCode);

        var done = await browser.GetAsync(logout + Uri.EscapeDataString("https://app.example.com/bye"));
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.Equal("https://app.example.com/bye?state=bye-1", done.Headers.Location!.OriginalString);

        var silent = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=none"));
        Assert.Equal("login_required", Browser.Query(silent.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task Logout_without_an_id_token_hint_asks_the_person_to_confirm()
    {
        var s = await SetupAsync();
        var (_, _, browser) = await CodeAsync(s);
        using var owned = browser;
        var page = await browser.GetAsync($"/pools/{s.Pool}/oauth2/logout");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"confirm\"", html, StringComparison.Ordinal);
        // A cross-site POST without the anti-forgery token only gets the question again.
        var forged = await browser.PostFormAsync($"/pools/{s.Pool}/oauth2/logout", new Dictionary<string, string> { ["confirm"] = "yes" });
        Assert.Contains("name=\"confirm\"", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var confirmed = await browser.PostFormAsync($"/pools/{s.Pool}/oauth2/logout", new Dictionary<string, string>
        {
            ["confirm"] = "yes", ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"),
        });
        Assert.Contains("signed out", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var silent = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=none"));
        Assert.Equal("login_required", Browser.Query(silent.Headers.Location!)["error"]);
    }

    // Logout CSRF: a link carrying an ID token of another session (or an access token) must not sign
    // this browser out without asking.
    [Fact]
    public async Task Logout_with_another_sessions_id_token_or_an_access_token_asks_before_signing_out()
    {
        var s = await SetupAsync("spa");
        var (_, _, victim) = await CodeAsync(s);
        using var ownedVictim = victim;
        var (code, verifier, other) = await CodeAsync(s);
        using var ownedOther = other;
        var othersTokens = await (await RedeemAsync(s, code, verifier)).JsonAsync();

        foreach (var hint in new[] { othersTokens.GetProperty("id_token").GetString()!, othersTokens.GetProperty("access_token").GetString()! })
        {
            var page = await victim.GetAsync($"/pools/{s.Pool}/oauth2/logout?id_token_hint={hint}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("name=\"confirm\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var silent = await victim.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=none"));
            Assert.True(Browser.Query(silent.Headers.Location!).ContainsKey("code"), "the victim's session must survive the link");
        }
    }
}
