using System.Net;
using WeGate.Testing;

namespace WeGate.Server.Tests.OidcFlow;

// RFC 9700 §4.5 / RFC 6749 §4.1.2: codes are short-lived. A server with one-second codes shows an expired
// one refused without slowing the rest of the suite.
public sealed class ExpiredCodeTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task An_expired_authorization_code_is_invalid_grant()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Oidc:AuthorizationCodeSeconds"] = "1" });
        await server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "spa", display_name = "SPA", type = "spa", redirect_uris = new[] { "https://app.example.com/cb" },
        });
        await server.Admin.PostJsonAsync("/admin/api/pools/default/users", new { username = "ming", password = "correct horse battery" });
        var (verifier, challenge) = Browser.Pkce();
        using var browser = new Browser(server.Http.BaseAddress!);
        var done = await browser.SignInAsync(await browser.GetAsync(
            $"/pools/default/oauth2/authorize?response_type=code&client_id=spa&redirect_uri={Uri.EscapeDataString("https://app.example.com/cb")}&scope=openid&code_challenge={challenge}&code_challenge_method=S256"),
            "ming", "correct horse battery");
        var code = Browser.Query(done.Headers.Location!)["code"];

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var response = await server.Http.PostAsync("/pools/default/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "spa", ["code"] = code, ["redirect_uri"] = "https://app.example.com/cb", ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.JsonAsync()).GetProperty("error").GetString());
    }
}
