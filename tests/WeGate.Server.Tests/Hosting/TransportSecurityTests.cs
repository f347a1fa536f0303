using System.Net;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Hosting;

// WeGate behind a TLS-terminating proxy: cookies Secure from an https public URL, forwarded headers
// believed only from the configured proxies, HSTS on https and nosniff everywhere.
public sealed class TransportSecurityTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    private static async Task<string> LoginPageSetCookieAsync(TestServer server)
    {
        await server.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "site", display_name = "Site", type = "spa", redirect_uris = new[] { "https://site.example.com/cb" },
        });
        var (_, challenge) = Browser.Pkce();
        using var browser = new Browser(server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync($"/pools/default/oauth2/authorize?response_type=code&client_id=site&redirect_uri={Uri.EscapeDataString("https://site.example.com/cb")}" +
            $"&scope=openid&code_challenge={challenge}&code_challenge_method=S256");
        var page = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
        return string.Join("\n", page.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_public_url_is_https_even_if_the_proxy_speaks_plain_http()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:PublicUrl"] = "https://id.example.com" });
        var cookies = await LoginPageSetCookieAsync(server);
        Assert.Contains("wegate_af", cookies, StringComparison.Ordinal);
        Assert.All(cookies.Split('\n'), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        await using var plain = await TestServer.StartAsync(db);
        Assert.DoesNotContain("secure", await LoginPageSetCookieAsync(plain), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_count_only_from_a_known_proxy()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        async Task<HttpResponseMessage> CreatePool(HttpClient client, string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/pools") { Content = JsonContent.Create(new { name }) };
            request.Headers.Authorization = server.Admin.DefaultRequestHeaders.Authorization;
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Add("X-Forwarded-Proto", "https");
            return await client.SendAsync(request);
        }

        var viaProxy = await CreatePool(server.Http, "viaproxy");
        Assert.Equal(HttpStatusCode.Created, viaProxy.StatusCode);
        Assert.StartsWith("max-age=", viaProxy.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", viaProxy.Headers.GetValues("X-Content-Type-Options").Single());
        using var stranger = server.From("127.0.0.2");
        var direct = await CreatePool(stranger, "direct");
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));

        Assert.Equal("203.0.113.7", await AuditIpAsync(server, "viaproxy"));
        Assert.Equal("127.0.0.2", await AuditIpAsync(server, "direct"));
    }

    [Fact]
    public async Task Without_known_proxies_forwarded_headers_are_ignored_and_a_bad_proxy_setting_stops_the_start()
    {
        await using var server = await TestServer.StartAsync(db);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/pools") { Content = JsonContent.Create(new { name = "spoofed" }) };
        request.Headers.Authorization = server.Admin.DefaultRequestHeaders.Authorization;
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await server.Http.SendAsync(request);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("127.0.0.1", await AuditIpAsync(server, "spoofed"));

        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/99" }));
        Assert.Contains("WeGate:ForwardedHeaders:KnownNetworks has '10.0.0.0/99'", e.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> AuditIpAsync(TestServer server, string pool)
    {
        var events = await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/audit-events")).JsonAsync();
        return events.EnumerateArray().First().GetProperty("ip").GetString();
    }
}
