using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;
using WeGate.Server.Demo;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Hosting;

// What the fuzzer needs to get past the first checks and into the handlers' depths: every route of the
// running app, the Development demo (a connection of each of the seven types in `default`), a second
// pool `fuzz` with a plaintext oa-follow connection, a confidential application and a user (and a
// pool `fuzz-spare` like it, where the fuzzer's deletes go, so that the world survives them), a login
// request on the hosted page with its tickets, an app-mp ticket and real tokens and cookies.
public sealed partial class FuzzWorld
{
    public const string Pool = "fuzz";
    public const string SparePool = "fuzz-spare";
    public const string WebClient = "fuzz-web";
    public const string WebRedirect = "https://app.example.com/cb";
    public const string FollowSlug = "follow";
    public const string FollowToken = "fuzzFollowToken1";
    public const string Password = "Fuzz-password-1";

    public sealed record Route(string Method, string Pattern, IReadOnlyList<string> Parameters);

    public required IReadOnlyList<Route> Routes { get; init; }
    public required string WebSecret { get; init; }
    public required string UserId { get; init; }
    public required string IdentityId { get; init; }
    public required string LoginRequest { get; init; }
    public required IReadOnlyList<string> Tickets { get; init; }
    public required string AppTicketSecret { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public required IReadOnlyList<string> Cookies { get; init; }
    public required string AntiForgery { get; init; }
    public required string DemoRedirect { get; init; }

    // Values a request may carry anywhere: the world's own, so that some requests are nearly right.
    public IEnumerable<string> Values() =>
    [
        "default", Pool, WebClient, DemoWorld.ClientId, WebRedirect, WebSecret, UserId, IdentityId, LoginRequest, AppTicketSecret, AntiForgery,
        "fuzzer", Password, FollowSlug, "wx-follow", "wx-website", "wx-mp-qr", "wx-oa-web", "wx-miniprogram", "wx-mobile", "wx-app-mp",
        DemoWorld.MiniProgramAppId, "https://localhost/demo/callback", .. Tickets, .. Tokens,
    ];

    public static async Task<FuzzWorld> CreateAsync(TestServer server)
    {
        var admin = server.Admin;
        await server.Service<DemoReady>().Task.WaitAsync(TimeSpan.FromSeconds(30));
        JsonElement web = default;
        foreach (var pool in new[] { SparePool, Pool })
        {
            await Created(await admin.PostJsonAsync("/admin/api/pools", new { name = pool }));
            await Created(await admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
            {
                slug = FollowSlug, type = "oa-follow", display_name = "Fuzz", app_id = DemoWorld.OfficialAccountAppId, app_secret = DemoWorld.Secret, token = FollowToken,
            }));
            web = await Created(await admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
            {
                client_id = WebClient, display_name = "Fuzz web", type = "web", redirect_uris = new[] { WebRedirect }, post_logout_redirect_uris = new[] { WebRedirect },
                grants = new[] { "authorization_code", "refresh_token", "client_credentials" }, connections = new[] { FollowSlug }, api_scopes = new[] { "orders" },
            }));
        }
        var user = await Created(await admin.PostJsonAsync($"/admin/api/pools/{Pool}/users", new { username = "fuzzer", email = "fuzz@example.com", password = Password }));
        var userId = user.GetProperty("user").GetProperty("id").GetString()!;

        // A person signs in on the hosted page of `fuzz` and keeps the tokens and the SSO cookie.
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = server.Http.BaseAddress };
        var (verifier, challenge) = Browser.Pkce();
        var toLogin = await browser.GetAsync($"/pools/{Pool}/oauth2/authorize?response_type=code&client_id={WebClient}&redirect_uri={Uri.EscapeDataString(WebRedirect)}" +
            $"&scope=openid%20profile%20offline_access&state=s&nonce=n&code_challenge={challenge}&code_challenge_method=S256");
        var html = await (await browser.GetAsync(toLogin.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var signedIn = await browser.PostAsync($"/pools/{Pool}/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = Browser.Hidden(html, "request"), ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"),
            ["login"] = "fuzzer", ["password"] = Password,
        }));
        var code = Browser.Query(signedIn.Headers.Location!)["code"];
        var tokens = await (await browser.PostAsync($"/pools/{Pool}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = WebClient, ["client_secret"] = web.GetProperty("client_secret").GetString()!,
            ["code"] = code, ["redirect_uri"] = WebRedirect, ["code_verifier"] = verifier,
        }))).JsonAsync();

        // The demo's login page in `default`: a login request with an oa-follow and an mp-qr ticket.
        var (_, demoChallenge) = Browser.Pkce();
        var toDemo = await browser.GetAsync($"/pools/default/oauth2/authorize?response_type=code&client_id={DemoWorld.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString(new Uri(server.Http.BaseAddress!, "/demo/callback").ToString())}&scope=openid&state=s" +
            $"&code_challenge={demoChallenge}&code_challenge_method=S256");
        var demoPage = await (await browser.GetAsync(toDemo.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var tickets = TicketPattern().Matches(demoPage).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var appTicket = await (await server.Http.PostJsonAsync("/pools/default/login/app-mp/tickets", new { client_id = DemoWorld.ClientId })).JsonAsync();
        tickets.Add(appTicket.GetProperty("ticket").GetString()!);

        return new FuzzWorld
        {
            Routes = RoutesOf(server),
            WebSecret = web.GetProperty("client_secret").GetString()!,
            UserId = userId,
            IdentityId = user.GetProperty("identities")[0].GetProperty("id").GetString()!,
            LoginRequest = Browser.Hidden(demoPage, "request"),
            Tickets = tickets,
            AppTicketSecret = appTicket.GetProperty("ticket_secret").GetString()!,
            Tokens = [.. new[] { "access_token", "refresh_token", "id_token" }.Select(name => tokens.GetProperty(name).GetString()!)],
            Cookies = [.. jar.GetAllCookies().Select(c => c.Name + "=" + c.Value)],
            AntiForgery = Browser.Hidden(demoPage, "__RequestVerificationToken"),
            DemoRedirect = new Uri(server.Http.BaseAddress!, "/demo/callback").ToString(),
        };
    }

    // Every endpoint the running app maps, so that a new one is fuzzed without editing the test; the
    // sandbox has its own fuzzer (WeGate.Sandbox.Tests).
    private static List<Route> RoutesOf(TestServer server) =>
    [
        .. server.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/sandbox", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(method => new Route(method, e.RoutePattern.RawText!, [.. e.RoutePattern.Parameters.Select(p => p.Name)])))
            .DistinctBy(r => (r.Method, r.Pattern)),
    ];

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    [GeneratedRegex("data-wegate-ticket=\"([^\"]+)\"")]
    private static partial Regex TicketPattern();
}
