using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WeGate.Server.Errors;
using WeGate.Server.Pages;
using WeGate.Testing;

namespace WeGate.Server.Tests.OidcFlow;

// The OIDC provider over real HTTP, on each database: a person signs in with a local account on the
// hosted page, and applications get tokens the way any OIDC client library would.
public abstract partial class OidcFlowContract(TestDatabase db, Func<TestServer> server)
{
    protected const string Password = "correct horse battery";

    protected TestServer Server
    {
        get
        {
            _ = db.Database;
            return server();
        }
    }

    protected sealed record Setup(string Pool, string ClientId, string? Secret, string Redirect, string Username);

    protected async Task<Setup> SetupAsync(string type = "spa", string alg = "ES256", string[]? grants = null)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var redirect = "https://app.example.com/callback";
        var created = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "app-" + type, display_name = "Demo " + type, type, redirect_uris = new[] { redirect, "https://app.example.com/other" },
            signing_algorithm = alg, grants = grants ?? ["authorization_code", "refresh_token"],
        })).JsonAsync();
        var secret = created.TryGetProperty("client_secret", out var s) ? s.GetString() : null;
        var user = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/users", new
        {
            username = "ming", email = "ming@example.com", password = Password,
            profile = new { nickname = "阿明", name = "Li Ming", email_verified = true },
        });
        Assert.Equal(201, (int)user.StatusCode);
        return new Setup(pool, "app-" + type, secret, redirect, "ming");
    }

    protected static string AuthorizeUrl(Setup s, string? challenge, string scope = "openid profile email", string? extra = null, string? redirect = null) =>
        $"/pools/{s.Pool}/oauth2/authorize?response_type=code&client_id={s.ClientId}&redirect_uri={Uri.EscapeDataString(redirect ?? s.Redirect)}" +
        $"&scope={Uri.EscapeDataString(scope)}&state=st-123&nonce=n-456" +
        (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256") + (extra ?? "");

    // Authorize → login page → sign in → the code on the redirect.
    protected async Task<(string Code, string Verifier, Browser Browser)> CodeAsync(Setup s, string scope = "openid profile email")
    {
        var (verifier, challenge) = Browser.Pkce();
        var browser = new Browser(Server.Http.BaseAddress!);
        var done = await browser.SignInAsync(await browser.GetAsync(AuthorizeUrl(s, challenge, scope)), s.Username, Password);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        var location = done.Headers.Location!;
        Assert.StartsWith(s.Redirect + "?", location.OriginalString, StringComparison.Ordinal);
        var query = Browser.Query(location);
        Assert.Equal("st-123", query["state"]);
        Assert.Equal($"{Server.Http.BaseAddress!.ToString().TrimEnd('/')}/pools/{s.Pool}", query["iss"]);
        return (query["code"], verifier, browser);
    }

    protected async Task<HttpResponseMessage> TokenAsync(Setup s, IDictionary<string, string> form, bool basic = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/pools/{s.Pool}/oauth2/token");
        var fields = new Dictionary<string, string>(form);
        if (s.Secret is not null && basic)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{s.ClientId}:{Uri.EscapeDataString(s.Secret)}")));
        else if (s.Secret is not null)
            (fields["client_id"], fields["client_secret"]) = (s.ClientId, s.Secret);
        else
            fields["client_id"] = s.ClientId;
        request.Content = new FormUrlEncodedContent(fields);
        return await Server.Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> RedeemAsync(Setup s, string code, string verifier) =>
        TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = s.Redirect, ["code_verifier"] = verifier });

    protected async Task<HttpResponseMessage> UserInfoAsync(Setup s, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/pools/{s.Pool}/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await Server.Http.SendAsync(request);
    }

    protected static JsonElement Payload(string jwt) => CompactJwt.Payload(jwt);

    protected static Task<JsonElement> AssertOAuthErrorAsync(HttpResponseMessage response, ErrorEntry entry) => ErrorAssert.AnswersAsync(response, entry);
}

public sealed class SqliteOidcFlow(SqliteServer f) : OidcFlowContract(f.Db, () => f.Server), IClassFixture<SqliteServer>;

public sealed class PostgresOidcFlow(PostgresServer f) : OidcFlowContract(f.Db, () => f.Server), IClassFixture<PostgresServer>;
