using System.Net;
using WeGate.Server.Errors;
using WeGate.Testing;

namespace WeGate.Server.Tests.OidcFlow;

// RFC 9700 §4.5 / RFC 6749 §4.1.2: codes are short-lived. The server's clock is moved past a code's
// lifetime (WeGate:Oidc:AuthorizationCodeSeconds, 60 by default) rather than waited out.
public sealed class ExpiredCodeTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    private const string RedirectUri = "https://app.example.com/cb";

    [Fact]
    public async Task An_expired_authorization_code_is_invalid_grant_and_a_younger_one_still_redeems()
    {
        var clock = new TestClock();
        await using var server = await TestServer.StartAsync(db, services: s => s.AddSingleton<TimeProvider>(clock));
        await server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "spa", display_name = "SPA", type = "spa", redirect_uris = new[] { RedirectUri },
        });
        await server.Admin.PostJsonAsync("/admin/api/pools/default/users", new { username = "ming", password = "correct horse battery" });

        var first = await CodeAsync(server);
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = await CodeAsync(server);
        clock.Advance(TimeSpan.FromSeconds(31));

        var expired = await RedeemAsync(server, first);
        await ErrorAssert.AnswersAsync(expired, WeGateErrors.CodeUnknown);
        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(server, second)).StatusCode);
    }

    // A sign-in in a browser of its own: the code and its PKCE verifier.
    private static async Task<(string Code, string Verifier)> CodeAsync(TestServer server)
    {
        var (verifier, challenge) = Browser.Pkce();
        using var browser = new Browser(server.Http.BaseAddress!);
        var done = await browser.SignInAsync(await browser.GetAsync(
            $"/pools/default/oauth2/authorize?response_type=code&client_id=spa&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid&code_challenge={challenge}&code_challenge_method=S256"),
            "ming", "correct horse battery");
        return (Browser.Query(done.Headers.Location!)["code"], verifier);
    }

    private static Task<HttpResponseMessage> RedeemAsync(TestServer server, (string Code, string Verifier) code) =>
        server.Http.PostAsync("/pools/default/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "spa", ["code"] = code.Code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = code.Verifier,
        }));
}
