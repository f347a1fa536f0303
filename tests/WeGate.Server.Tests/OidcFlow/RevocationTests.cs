using System.Net;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests.OidcFlow;

// Blocking a user, resetting their password, disabling or deleting an application: each ends the
// tokens and sessions it concerns, seen from every place a token is used.
public abstract partial class OidcFlowContract
{
    private sealed record Signed(string Access, string Refresh, Browser Browser);

    private async Task<Signed> SignedInAsync(Setup s)
    {
        var (code, verifier, browser) = await CodeAsync(s);
        var tokens = await (await RedeemAsync(s, code, verifier)).JsonAsync();
        return new Signed(tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!, browser);
    }

    // A resource server of the pool that introspects (introspection needs a confidential client).
    private async Task<Setup> ResourceServerAsync(Setup s)
    {
        var created = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new
        {
            client_id = "api", display_name = "API", type = "web", redirect_uris = new[] { "https://api.example.com/cb" }, grants = new[] { "authorization_code" },
        })).JsonAsync();
        return s with { ClientId = "api", Secret = created.GetProperty("client_secret").GetString() };
    }

    private async Task AssertDeadAsync(Setup s, Setup api, Signed t)
    {
        Assert.False((await (await IntrospectAsync(api, t.Access)).JsonAsync()).GetProperty("active").GetBoolean());
        if (s.Secret is not null)
            Assert.False((await (await IntrospectAsync(s, t.Refresh, "refresh_token")).JsonAsync()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, t.Access)).StatusCode);
        await AssertOAuthErrorAsync(await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = t.Refresh }), WeGateErrors.RefreshTokenUnknown);
    }

    [Fact]
    public async Task Blocking_a_user_ends_their_tokens_and_their_session_at_once()
    {
        var s = await SetupAsync("web");
        var api = await ResourceServerAsync(s);
        var t = await SignedInAsync(s);
        using var browser = t.Browser;
        Assert.True((await (await IntrospectAsync(api, t.Access)).JsonAsync()).GetProperty("active").GetBoolean());
        var userId = Payload(t.Access).GetProperty("sub").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/users/{userId}/block", new { })).StatusCode);

        await AssertDeadAsync(s, api, t);
        var silent = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=none"));
        Assert.Equal("login_required", Browser.Query(silent.Headers.Location!)["error"]);
        // Unblocking lets the person sign in again; it revives none of the old tokens.
        await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/users/{userId}/unblock", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, t.Access)).StatusCode);
    }

    [Fact]
    public async Task Resetting_a_password_signs_the_user_out_everywhere()
    {
        var s = await SetupAsync("web");
        var api = await ResourceServerAsync(s);
        var t = await SignedInAsync(s);
        using var browser = t.Browser;
        var userId = Payload(t.Access).GetProperty("sub").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/users/{userId}/password", new { password = "a brand new password" })).StatusCode);

        await AssertDeadAsync(s, api, t);
        var silent = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=none"));
        Assert.Equal("login_required", Browser.Query(silent.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task Disabling_an_application_ends_its_tokens_and_enabling_it_again_revives_none()
    {
        var s = await SetupAsync("web");
        var api = await ResourceServerAsync(s);
        var t = await SignedInAsync(s);
        using var browser = t.Browser;

        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { enabled = false })).StatusCode);
        Assert.False((await (await IntrospectAsync(api, t.Access)).JsonAsync()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, t.Access)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { enabled = true })).StatusCode);
        await AssertDeadAsync(s, api, t);
    }

    [Fact]
    public async Task An_application_deleted_and_created_again_under_its_client_id_inherits_no_live_token()
    {
        var s = await SetupAsync("spa");
        var api = await ResourceServerAsync(s);
        var t = await SignedInAsync(s);
        using var browser = t.Browser;

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Admin.DeleteAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(s, t.Access)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new
        {
            client_id = s.ClientId, display_name = "Again", type = "spa", redirect_uris = new[] { s.Redirect }, grants = new[] { "authorization_code", "refresh_token" },
        })).StatusCode);

        await AssertDeadAsync(s, api, t);
    }

    [Fact]
    public async Task Client_credentials_tokens_share_a_grant_that_revocation_and_disabling_end_and_the_next_token_starts_anew()
    {
        var s = await SetupAsync("web", grants: ["client_credentials"]);
        async Task<string> MachineTokenAsync() =>
            (await (await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).JsonAsync()).GetProperty("access_token").GetString()!;
        async Task<bool> ActiveAsync(string token) => (await (await IntrospectAsync(s, token)).JsonAsync()).GetProperty("active").GetBoolean();

        var (first, second) = (await MachineTokenAsync(), await MachineTokenAsync());
        Assert.Equal(Payload(first).GetProperty("gid").GetString(), Payload(second).GetProperty("gid").GetString());
        Assert.True(await ActiveAsync(first) && await ActiveAsync(second));

        Assert.Equal(HttpStatusCode.OK, (await TokenPathAsync(s, "revoke", new Dictionary<string, string> { ["token"] = first })).StatusCode);
        Assert.False(await ActiveAsync(first));
        Assert.False(await ActiveAsync(second));
        var third = await MachineTokenAsync();
        Assert.NotEqual(Payload(first).GetProperty("gid").GetString(), Payload(third).GetProperty("gid").GetString());
        Assert.True(await ActiveAsync(third));

        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}", new { enabled = true })).StatusCode);
        Assert.False(await ActiveAsync(third));
        Assert.True(await ActiveAsync(await MachineTokenAsync()));
    }
}
