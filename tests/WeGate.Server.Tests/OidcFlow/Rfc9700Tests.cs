using System.Net;
using System.Text;
using WeGate.Server.Errors;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

// One test per RFC 9700 (OAuth 2.0 Security BCP) rule WeGate enforces.
public abstract partial class OidcFlowContract
{
    [Theory]
    [InlineData("https://app.example.com/callback/extra")] // prefix match
    [InlineData("https://app.example.com/callbac")]
    [InlineData("https://APP.example.com/callback")]       // not byte-identical
    [InlineData("https://evil.example.net/callback")]
    public async Task A_redirect_uri_that_is_not_registered_exactly_gets_an_error_page_and_no_redirect(string redirect)
    {
        var s = await SetupAsync();
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s, challenge, redirect: redirect));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_and_no_redirect()
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s with { ClientId = "nobody" }, Browser.Pkce().Challenge));
        Assert.Null(response.Headers.Location);
        await ErrorAssert.PageShowsAsync(response, WeGateErrors.UnknownApplication);
    }

    [Theory]
    [InlineData(null, nameof(WeGateErrors.PkceRequired))]
    [InlineData("&code_challenge=abc&code_challenge_method=plain", nameof(WeGateErrors.ChallengeMethodNotS256))]
    [InlineData("&code_challenge=" + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", nameof(WeGateErrors.ChallengeMethodNotS256))] // method missing → plain → refused
    public async Task A_public_client_without_s256_pkce_is_sent_back_an_invalid_request(string? pkce, string entry)
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s, null, extra: pkce));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var query = Browser.Query(response.Headers.Location!);
        ErrorAssert.Redirected(query, ErrorAssert.Entry(entry));
        Assert.Equal("st-123", query["state"]);
        Assert.True(query.ContainsKey("iss"));
    }

    [Fact]
    public async Task A_wrong_verifier_fails_and_burns_the_code()
    {
        var s = await SetupAsync();
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        await AssertOAuthErrorAsync(await RedeemAsync(s, code, Browser.Pkce().Verifier), WeGateErrors.VerifierMismatch);
        await AssertOAuthErrorAsync(await RedeemAsync(s, code, verifier), WeGateErrors.CodeReused);
    }

    [Fact]
    public async Task A_verifier_for_a_code_issued_without_a_challenge_is_a_downgrade_and_fails()
    {
        var s = await SetupAsync("web");
        using var browser = new Browser(Server.Http.BaseAddress!);
        var done = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, null)), s.Username, Password);
        var code = Browser.Query(done.Headers.Location!)["code"];
        await AssertOAuthErrorAsync(await RedeemAsync(s, code, Browser.Pkce().Verifier), WeGateErrors.VerifierWithoutChallenge);
    }

    [Fact]
    public async Task A_replayed_code_fails_and_revokes_the_tokens_the_first_redemption_issued()
    {
        var s = await SetupAsync("web");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var first = await (await RedeemAsync(s, code, verifier)).JsonAsync();
        var accessToken = first.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(s, accessToken)).StatusCode);

        await AssertOAuthErrorAsync(await RedeemAsync(s, code, verifier), WeGateErrors.CodeReused);

        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, accessToken)).StatusCode);
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        }), WeGateErrors.RefreshTokenUnknown);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        var s = await SetupAsync("web");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var first = await (await RedeemAsync(s, code, verifier)).JsonAsync();
        var refresh1 = first.GetProperty("refresh_token").GetString()!;
        var second = await (await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh1 })).JsonAsync();

        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh1 }), WeGateErrors.RefreshTokenReused);

        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = second.GetProperty("refresh_token").GetString()!,
        }), WeGateErrors.RefreshTokenUnknown);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, second.GetProperty("access_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task A_code_issued_to_another_client_cannot_be_redeemed()
    {
        var s = await SetupAsync("spa");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new
        {
            client_id = "thief", display_name = "Thief", type = "spa", redirect_uris = new[] { s.Redirect },
        });
        await AssertOAuthErrorAsync(await RedeemAsync(s with { ClientId = "thief" }, code, verifier), WeGateErrors.CodeOfAnotherClient);
    }

    [Fact]
    public async Task A_confidential_client_with_a_wrong_secret_or_none_is_refused_with_401()
    {
        var s = await SetupAsync("web");
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = s.Redirect };
        var wrong = await TokenAsync(s with { Secret = "wgs_wrong" }, form);
        await AssertOAuthErrorAsync(wrong, WeGateErrors.ClientAuthenticationFailed);
        Assert.Contains("Basic", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertOAuthErrorAsync(await TokenAsync(s with { Secret = null }, form), WeGateErrors.ClientSecretRequired);
    }

    [Theory]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJ4In0.")]          // alg none
    [InlineData("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")]                                   // JWE shape
    [InlineData("not-a-token")]
    public async Task Userinfo_refuses_unsigned_encrypted_and_malformed_tokens(string token)
    {
        var s = await SetupAsync();
        var response = await UserInfoAsync(s, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_and_hybrid_response_types_are_refused()
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var url = AuthorizeUrl(s, Browser.Pkce().Challenge).Replace("response_type=code", "response_type=token", StringComparison.Ordinal);
        ErrorAssert.Redirected(Browser.Query((await browser.GetAsync(url)).Headers.Location!), WeGateErrors.ResponseTypeNotSupported);
    }

    [Fact]
    public async Task Client_credentials_gives_a_confidential_client_a_token_for_itself_only()
    {
        var s = await SetupAsync("web", grants: ["client_credentials"]);
        var ok = await (await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).JsonAsync();
        // A machine's subject can never be a user's id (32 hexadecimal characters).
        Assert.Equal("client:" + s.ClientId, Payload(ok.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
        Assert.Equal("", ok.GetProperty("scope").GetString());
        Assert.False(ok.TryGetProperty("refresh_token", out _));
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "openid" }), WeGateErrors.ClientCredentialsUserScope);
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "password" }), WeGateErrors.GrantTypeNotSupported);
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" }), WeGateErrors.GrantTypeNotAllowed);
        var json = new StringContent("{}", Encoding.UTF8, "application/json");
        await AssertOAuthErrorAsync(await Server.Http.PostAsync($"/pools/{s.Pool}/oauth2/token", json), WeGateErrors.TokenRequestNotForm);
    }

    [Fact]
    public async Task Client_credentials_gives_only_the_api_scopes_and_resources_the_application_lists()
    {
        var s = await SetupAsync("web", grants: ["client_credentials"]);
        Task<HttpResponseMessage> Ask(params (string Name, string Value)[] fields) =>
            TokenAsync(s, new Dictionary<string, string>(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("grant_type", "client_credentials"))));

        // Before an administrator lists any, every scope asked for is refused.
        await AssertOAuthErrorAsync(await Ask(("scope", "orders:read")), WeGateErrors.ApiScopeNotAllowed);
        var bad = await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { api_scopes = new[] { "openid" }, resources = new[] { "ftp://x" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new
        {
            api_scopes = new[] { "orders:read", "orders:write" }, resources = new[] { "https://api.example.com/orders" },
        })).StatusCode);

        var one = await (await Ask(("scope", "orders:read"))).JsonAsync();
        Assert.Equal("orders:read", one.GetProperty("scope").GetString());
        Assert.Equal("orders:read", Payload(one.GetProperty("access_token").GetString()!).GetProperty("scope").GetString());
        var all = await (await Ask()).JsonAsync();
        Assert.Equal("orders:read orders:write", all.GetProperty("scope").GetString());
        await AssertOAuthErrorAsync(await Ask(("scope", "orders:read orders:delete")), WeGateErrors.ApiScopeNotAllowed);

        var forApi = await (await Ask(("scope", "orders:write"), ("resource", "https://api.example.com/orders"))).JsonAsync();
        Assert.Equal("https://api.example.com/orders", Payload(forApi.GetProperty("access_token").GetString()!).GetProperty("aud").GetString());
        await AssertOAuthErrorAsync(await Ask(("resource", "https://evil.example.net/")), WeGateErrors.ResourceNotAllowed);
        await AssertOAuthErrorAsync(await Ask(("resource", "not a uri")), WeGateErrors.ResourceMalformed);
    }
}
