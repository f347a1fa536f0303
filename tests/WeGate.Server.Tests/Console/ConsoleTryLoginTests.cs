using System.Net;
using System.Text.Json;
using WeGate.Core.Admin;
using WeGate.Core.Audit;
using WeGate.Server.Console;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Console;

// docs/console.md#try-login: the application's real login page through the console's redirect URI,
// the state bound to the browser that started it, the result shown only to that administrator.
public abstract partial class ConsoleContract
{
    private async Task<(string Pool, string User)> TryLoginWorldAsync(string type = "web")
    {
        var pool = await NewPoolAsync();
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop", display_name = "Shop", type, redirect_uris = new[] { "https://shop.example.com/signin-oidc" },
        })).StatusCode);
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/users", new { email = "mei@example.com", password = Password, profile = new { name = "Mei" } }))
            .JsonAsync();
        return (pool, user.GetProperty("user").GetProperty("id").GetString()!);
    }

    private string TryLoginRedirectUri => Server.Service<WeGate.Server.Oidc.Issuer>().Base + TryLogin.CallbackPath;

    [Fact]
    public async Task An_owner_allows_try_login_and_a_read_only_administrator_tries_it_and_sees_the_id_token_and_userinfo()
    {
        var (pool, user) = await TryLoginWorldAsync();
        var page = $"/console/pools/{pool}/applications/shop";
        using var reader = await SignedInAsync(AdministratorRole.ReadOnly);
        var before = await HtmlAsync(await reader.GetAsync(page));
        Assert.Contains("An owner must first allow Try login", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reader, page + "/try-login/allow", [], page)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(reader, page + "/try-login", [], page)).StatusCode);

        using var owner = await SignedInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(owner, page + "/try-login/allow", [], page)).StatusCode);
        var app = await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/applications/shop")).JsonAsync();
        Assert.Equal(["https://shop.example.com/signin-oidc", TryLoginRedirectUri], app.GetProperty("redirect_uris").EnumerateArray().Select(u => u.GetString()));
        var events = await Server.Service<IAuditSearch>().SearchAsync(pool, new AuditFilter { Limit = 1 });
        Assert.Equal((AuditEventType.AdminApplicationUpdated, "shop"), (events[0].Type, events[0].ClientId));
        Assert.StartsWith("administrator:", events[0].Actor, StringComparison.Ordinal);

        var toAuthorize = await PostAsync(reader, page + "/try-login", [], page);
        Assert.Equal(HttpStatusCode.Redirect, toAuthorize.StatusCode);
        var authorize = Browser.Query(toAuthorize.Headers.Location!);
        Assert.Equal(("shop", TryLoginRedirectUri, "S256", "login"), (authorize["client_id"], authorize["redirect_uri"], authorize["code_challenge_method"], authorize["prompt"]));
        var toCallback = await reader.SignInAsync(await reader.GetAsync(toAuthorize.Headers.Location!.OriginalString), "mei@example.com", Password);
        Assert.StartsWith(TryLoginRedirectUri + "?", toCallback.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var toResult = await reader.GetAsync(toCallback.Headers.Location!.OriginalString);
        Assert.Equal(page + "/try-login/result", toResult.Headers.Location!.OriginalString);
        var result = await HtmlAsync(await reader.GetAsync(page + "/try-login/result"));
        Assert.Contains($"&quot;sub&quot;: &quot;{user}&quot;", result, StringComparison.Ordinal);
        Assert.Contains("&quot;aud&quot;: &quot;shop&quot;", result, StringComparison.Ordinal);
        Assert.Contains("&quot;email&quot;: &quot;mei@example.com&quot;", result, StringComparison.Ordinal);
        Assert.Contains("data-userinfo", result, StringComparison.Ordinal);

        // The owner is another administrator: the reader's result is not theirs.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(page + "/try-login/result")).StatusCode);
        // The reader could not change the application on the way.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reader, page, new() { ["display_name"] = "Changed" }, page)).StatusCode);
    }

    [Fact]
    public async Task A_try_login_callback_with_the_state_of_another_browser_is_refused_and_a_forged_start_is_refused()
    {
        var (pool, _) = await TryLoginWorldAsync("spa");
        var page = $"/console/pools/{pool}/applications/shop";
        using var owner = await SignedInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(owner, page + "/try-login/allow", [], page)).StatusCode);
        var toAuthorize = await PostAsync(owner, page + "/try-login", [], page);
        var toCallback = await owner.SignInAsync(await owner.GetAsync(toAuthorize.Headers.Location!.OriginalString), "mei@example.com", Password);
        var callback = toCallback.Headers.Location!.OriginalString;

        using var other = await SignedInAsync();
        var stolen = await other.GetAsync(callback);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Contains("was not started by Try login in this browser", await HtmlAsync(stolen), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page + "/try-login/result")).StatusCode);
        // The code was not spent by the refusal: the browser that started it still gets its result.
        Assert.Equal(HttpStatusCode.Redirect, (await owner.GetAsync(callback)).StatusCode);
        Assert.Contains("data-id-token-claims", await HtmlAsync(await owner.GetAsync(page + "/try-login/result")), StringComparison.Ordinal);
        // Replayed, the callback has no pending login any more.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync(callback)).StatusCode);

        var forged = await owner.PostFormAsync(page + "/try-login", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("anti-forgery token", await HtmlAsync(forged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_integration_snippets_carry_the_applications_issuer_client_id_and_redirect_uri()
    {
        var (pool, _) = await TryLoginWorldAsync();
        using var reader = await SignedInAsync(AdministratorRole.ReadOnly);
        var html = await HtmlAsync(await reader.GetAsync($"/console/pools/{pool}/applications/shop"));
        var issuer = Server.Service<WeGate.Server.Oidc.Issuer>().Of(pool);
        var aspnet = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "data-snippet=\"aspnetcore\".*?<code[^>]*>(.*?)</code>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        Assert.Contains($"options.Authority = \"{issuer}\";", aspnet, StringComparison.Ordinal);
        Assert.Contains("options.ClientId = \"shop\";", aspnet, StringComparison.Ordinal);
        Assert.Contains("options.CallbackPath = \"/signin-oidc\";", aspnet, StringComparison.Ordinal);
        Assert.Contains("options.ClientSecret = builder.Configuration[\"WeGate:ClientSecret\"];", aspnet, StringComparison.Ordinal);
        Assert.Contains($"curl {issuer}/.well-known/openid-configuration", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("redirect-uri: \"https://shop.example.com/signin-oidc\"", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("data-snippet=\"oidc-client-ts\"", html, StringComparison.Ordinal);
        var discovery = await (await Server.Http.GetAsync($"/pools/{pool}/.well-known/openid-configuration")).JsonAsync();
        Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
    }
}
