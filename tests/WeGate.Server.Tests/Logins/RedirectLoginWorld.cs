using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Server.Pages;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Logins;

// Helpers of the browser-redirect logins (website-qr, oa-web): a confidential web application with a
// redirect URI, sandbox apps whose callback domain is WeGate's address, and a browser that keeps
// cookies, follows nothing by itself and can claim to be WeChat's in-app browser.
public abstract partial class LoginContract
{
    protected const string AppRedirect = "https://app.example.com/callback";
    protected const string WeChatUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003129) NetType/WIFI Language/zh_CN";

    protected sealed record RedirectWorld(string Pool, string ClientId, string Secret, IReadOnlyDictionary<string, SandboxApp> Apps)
    {
        public SandboxApp App => Apps.Values.First();
    }

    // A pool whose web application enables one connection per entry (slug = connection type).
    protected async Task<RedirectWorld> RedirectWorldAsync(params (SandboxAppType Type, string ConnectionType, object? Settings)[] connections)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var apps = new Dictionary<string, SandboxApp>();
        foreach (var (type, connectionType, settings) in connections)
        {
            var app = await Sandbox.CreateAppAsync(new CreateAppRequest(type) { OpenPlatformAccount = "op-main", CallbackDomain = Server.Http.BaseAddress!.Authority });
            var created = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
            {
                slug = connectionType, type = connectionType, display_name = "WeChat", app_id = app.AppId, app_secret = app.Secret, settings,
            });
            Assert.Equal(201, (int)created.StatusCode);
            apps[connectionType] = app;
        }
        var application = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "web-app", display_name = "Web App", type = "web", redirect_uris = new[] { AppRedirect },
            grants = new[] { "authorization_code" }, connections = apps.Keys.ToArray(),
        });
        Assert.Equal(201, (int)application.StatusCode);
        return new RedirectWorld(pool, "web-app", (await application.JsonAsync()).GetProperty("client_secret").GetString()!, apps);
    }

    protected RedirectBrowser NewBrowser(string? userAgent = null) => new(Server.Http.BaseAddress!, userAgent);

    // authorize → the hosted login page; answers its HTML and the login request id.
    // prompt=login: a browser already signed in still gets the page.
    protected static async Task<(string Html, string Request)> LoginPageAsync(RedirectWorld w, RedirectBrowser browser)
    {
        var toLogin = await browser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString(AppRedirect)}&scope={Uri.EscapeDataString("openid profile wechat")}&state=st-123&nonce=n-1&prompt=login");
        Assert.Equal(HttpStatusCode.SeeOther, toLogin.StatusCode);
        var location = toLogin.Headers.Location!.OriginalString;
        var page = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return (await page.Content.ReadAsStringAsync(), Browser.Query(new Uri(browser.Base, location))["request"]);
    }

    protected static string Attribute(string html, string element, string attribute)
    {
        var m = Regex.Match(html, $"<{element}\\b[^>]*\\s{attribute}=\"([^\"]*)\"");
        Assert.True(m.Success, $"no <{element} {attribute}> in the page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    protected static string QueryValue(string url, string name) => Browser.Query(new Uri(url.Split('#')[0]))[name];

    // The app's side: the code on the redirect is redeemed; answers the userinfo claims.
    protected async Task<JsonElement> SignedInAsync(RedirectWorld w, HttpResponseMessage done)
    {
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        var location = done.Headers.Location!;
        Assert.StartsWith(AppRedirect + "?", location.OriginalString, StringComparison.Ordinal);
        var query = Browser.Query(location);
        Assert.Equal("st-123", query["state"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/pools/{w.Pool}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = query["code"], ["redirect_uri"] = AppRedirect,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{w.ClientId}:{Uri.EscapeDataString(w.Secret)}")));
        var tokens = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        using var userinfo = new HttpRequestMessage(HttpMethod.Get, $"/pools/{w.Pool}/oauth2/userinfo");
        userinfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await tokens.JsonAsync()).GetProperty("access_token").GetString());
        var claims = await Server.Http.SendAsync(userinfo);
        Assert.Equal(HttpStatusCode.OK, claims.StatusCode);
        return await claims.JsonAsync();
    }

    protected async Task<int> UserCountAsync(RedirectWorld w) =>
        (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users")).JsonAsync()).GetProperty("users").GetArrayLength();

    protected async Task<List<JsonElement>> AuditAsync(RedirectWorld w) =>
        [.. (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/audit-events")).JsonAsync()).EnumerateArray()];

    protected async Task AssertAuditedAsync(RedirectWorld w, string type, string reasonContains)
    {
        var events = await AuditAsync(w);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == type
            && e.TryGetProperty("reason", out var reason) && reason.GetString()?.Contains(reasonContains, StringComparison.Ordinal) == true);
    }
}

public sealed class RedirectBrowser : IDisposable
{
    private readonly HttpClient _http;

    public RedirectBrowser(Uri baseAddress, string? userAgent)
    {
        Base = baseAddress;
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies }) { BaseAddress = baseAddress };
        if (userAgent is not null)
            _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
    }

    public Uri Base { get; }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url.Split('#')[0]);

    public Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields) => _http.PostAsync(url, new FormUrlEncodedContent(fields));

    public void Dispose() => _http.Dispose();
}
