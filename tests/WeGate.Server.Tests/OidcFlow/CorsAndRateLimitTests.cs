using System.Net;
using WeGate.Server.Errors;
using WeGate.Testing;

namespace WeGate.Server.Tests.OidcFlow;

public abstract partial class OidcFlowContract
{
    [Fact]
    public async Task Browser_clients_get_cors_only_for_origins_the_pool_registered()
    {
        var s = await SetupAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/pools/{s.Pool}/oauth2/token");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var allowed = await Server.Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var evil = new HttpRequestMessage(HttpMethod.Options, $"/pools/{s.Pool}/oauth2/userinfo");
        evil.Headers.Add("Origin", "https://evil.example.net");
        evil.Headers.Add("Access-Control-Request-Method", "GET");
        var refused = await Server.Http.SendAsync(evil);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var discovery = new HttpRequestMessage(HttpMethod.Get, $"/pools/{s.Pool}/.well-known/openid-configuration");
        discovery.Headers.Add("Origin", "https://anyone.example.org");
        Assert.Equal("*", (await Server.Http.SendAsync(discovery)).Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}

// A separate server with small limits, so these tests do not slow the rest of the suite.
public sealed class RateLimitTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task Over_the_limit_a_client_or_an_ip_gets_429_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Oidc:RateLimits:PerIpPerMinute"] = "1000", ["WeGate:Oidc:RateLimits:PerClientPerMinute"] = "3",
        });
        await server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "busy", display_name = "Busy", type = "web", grants = new[] { "client_credentials" },
        });
        var secret = (await (await server.Admin.PostAsync("/admin/api/pools/default/applications/busy/secret", null)).JsonAsync()).GetProperty("client_secret").GetString()!;
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await server.Http.PostAsync("/pools/default/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "busy", ["client_secret"] = secret,
            }));
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        await ErrorAssert.AnswersAsync(last, WeGateErrors.TokenRateLimited);

        await using var tight = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Oidc:RateLimits:PerIpPerMinute"] = "2" });
        var authorize = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            authorize.Add((await tight.Http.GetAsync("/pools/default/oauth2/authorize?client_id=x")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, authorize[2]);
    }

    // A public client proves only its name, so one network spending its token allowance must leave
    // its other users alone.
    [Fact]
    public async Task A_public_clients_token_limit_is_kept_per_ip_so_one_network_cannot_spend_it_for_everyone()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Oidc:RateLimits:PerClientPerMinute"] = "3" });
        await server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "mini", display_name = "Mini", type = "spa", redirect_uris = new[] { "https://mini.example.com/cb" },
        });
        async Task<HttpStatusCode> TokenFrom(HttpClient client) => (await client.PostAsync("/pools/default/oauth2/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["client_id"] = "mini", ["code"] = "nope", ["redirect_uri"] = "https://mini.example.com/cb" }))).StatusCode;

        using var attacker = server.From("127.0.0.2");
        using var someoneElse = server.From("127.0.0.3");
        var spent = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            spent.Add(await TokenFrom(attacker));
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], spent);
        Assert.Equal(HttpStatusCode.BadRequest, await TokenFrom(someoneElse));
    }

    [Fact]
    public async Task The_admin_api_userinfo_and_introspection_are_limited_per_ip_too()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Admin:RequestsPerMinute"] = "3", ["WeGate:Oidc:RateLimits:PerIpPerMinute"] = "3",
        });
        var admin = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            admin.Add((await server.Admin.GetAsync("/admin/api/pools")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], admin);

        foreach (var path in new[] { "/pools/default/oauth2/userinfo", "/pools/default/oauth2/introspect" })
        {
            using var client = server.From(path.EndsWith("userinfo", StringComparison.Ordinal) ? "127.0.0.4" : "127.0.0.5");
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
                statuses.Add((await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "x" }))).StatusCode);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[2]);
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        }
    }
}
