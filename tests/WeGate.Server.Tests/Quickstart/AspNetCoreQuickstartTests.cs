using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Quickstart;

// docs/quickstart.md#aspnet-core: the ASP.NET Core application of the quickstart, its code copied into the
// page from the region below (tests/node/docs.test.mjs holds them equal), signs a person in against a
// real WeGate over HTTP: the challenge, which Microsoft's OpenID Connect handler pushes (RFC 9126: it
// does whenever discovery names a pushed_authorization_request_endpoint), WeGate's login page, the code,
// the handler's token and userinfo calls, and the claims it ends with.
public sealed class AspNetCoreQuickstartTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task The_quickstarts_aspnet_core_application_signs_a_person_in_with_wegate()
    {
        await using var wegate = await TestServer.StartAsync(db);
        await using var app = await StartApplicationAsync();
        var created = await (await wegate.Admin.PostJsonAsync("/admin/api/pools/default/applications", new
        {
            client_id = "my-app", display_name = "My app", type = "web", redirect_uris = new[] { $"{app.Urls.Single()}/signin-oidc" },
        })).JsonAsync();
        await wegate.Admin.PostJsonAsync("/admin/api/pools/default/users", new { username = "mei", password = "mei-password-123", profile = new { nickname = "Mei" } });
        Configure(app, wegate, created.GetProperty("client_secret").GetString()!);

        using var browser = new Browser(wegate.Http.BaseAddress!);
        var challenge = await browser.GetAsync(app.Urls.Single() + "/");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{wegate.Http.BaseAddress}pools/default/oauth2/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        // The parameters, PKCE's among them, went in the push; the browser carries only their request_uri.
        var query = Browser.Query(authorize);
        // Besides the handler's own x-client-SKU and x-client-ver, which WeGate ignores.
        Assert.DoesNotContain("code_challenge", query.Keys);
        Assert.Equal("my-app", query["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", query["request_uri"], StringComparison.Ordinal);

        var back = await browser.SignInAsync(await browser.GetAsync(authorize.AbsoluteUri), "mei", "mei-password-123");
        Assert.StartsWith($"{app.Urls.Single()}/signin-oidc?code=", back.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var signedIn = await browser.GetAsync(back.Headers.Location.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var home = await browser.GetAsync(app.Urls.Single() + signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("Hello, Mei", await home.Content.ReadAsStringAsync());
    }

    // The application, without WeGate's address yet (the test learns it once WeGate listens).
    private static async Task<WebApplication> StartApplicationAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // quickstart:aspnetcore:begin
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(options =>
            {
                // Authority (http://localhost:5080/pools/default), ClientId and ClientSecret
                builder.Configuration.GetSection("WeGate").Bind(options);
                options.ResponseType = "code";      // with PKCE, which the handler adds
                options.ResponseMode = "query";     // WeGate sends the code back on the query only
                options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                // The answer comes back by a top-level GET, so Lax cookies do, also on http://localhost.
                options.CorrelationCookie.SameSite = options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;   // keep sub, nickname… as WeGate names them
                options.Scope.Add("profile");
                options.ClaimActions.MapUniqueJsonKey("nickname", "nickname"); // WeChat's nickname, from userinfo
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.MapGet("/", (ClaimsPrincipal user) => $"Hello, {user.FindFirst("nickname")?.Value ?? user.FindFirst("sub")?.Value}")
            .RequireAuthorization();
        // quickstart:aspnetcore:end
        await app.StartAsync();
        return app;
    }

    private static void Configure(WebApplication app, TestServer wegate, string secret)
    {
        var settings = app.Services.GetRequiredService<IConfiguration>();
        settings["WeGate:Authority"] = $"{wegate.Http.BaseAddress}pools/default";
        settings["WeGate:ClientId"] = "my-app";
        settings["WeGate:ClientSecret"] = secret;
    }
}
