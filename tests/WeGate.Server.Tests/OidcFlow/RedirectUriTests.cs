using System.Net;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

// Redirect URIs a native or browser application may register (RFC 8252 §7, RFC 9700 §4.1), and the one
// latitude at authorization time: any port on a native app's loopback redirect (RFC 8252 §7.3).
public abstract partial class OidcFlowContract
{
    [Theory]
    [InlineData("native", "javascript:alert(document.domain)//")]
    [InlineData("native", "data:text/html,hi")]
    [InlineData("native", "file:///etc/passwd")]
    [InlineData("native", "vbscript:msgbox")]
    [InlineData("native", "myapp:/callback")]
    [InlineData("native", "http://localhost/callback")]
    [InlineData("native", "https://user:pw@app.example.com/callback")]
    [InlineData("spa", "https://evil@app.example.com/callback")]
    [InlineData("web", "https://app.example.com/callback#fragment")]
    public async Task An_unsafe_redirect_uri_is_refused_when_the_application_is_registered(string type, string redirect)
    {
        var s = await SetupAsync();
        var response = await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new
        {
            client_id = "unsafe", display_name = "Unsafe", type, redirect_uris = new[] { redirect },
        });
        await response.AssertProblemAsync(400, "redirect_uris");
    }

    [Fact]
    public async Task A_native_app_may_come_back_on_any_loopback_port_and_to_its_private_use_scheme_but_nowhere_else()
    {
        var s = await SetupAsync();
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/applications", new
        {
            client_id = "desktop", display_name = "Desktop", type = "native", redirect_uris = new[] { "http://127.0.0.1/callback", "com.example.desktop:/callback" },
        })).StatusCode);
        var native = s with { ClientId = "desktop", Secret = null };
        using var browser = new Browser(Server.Http.BaseAddress!);
        foreach (var redirect in new[] { "http://127.0.0.1:53124/callback", "http://127.0.0.1/callback", "com.example.desktop:/callback" })
        {
            var ok = await browser.GetAsync(AuthorizeUrl(native, Browser.Pkce().Challenge, redirect: redirect));
            Assert.Equal(HttpStatusCode.SeeOther, ok.StatusCode);
            Assert.Contains("/login?request=", ok.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        foreach (var redirect in new[] { "http://127.0.0.1:53124/other", "http://localhost:53124/callback", "http://[::1]:53124/callback" })
        {
            var refused = await browser.GetAsync(AuthorizeUrl(native, Browser.Pkce().Challenge, redirect: redirect));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
        }
        // A web application's loopback redirect still matches exactly, port included.
        var web = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, redirect: "https://app.example.com:8443/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, web.StatusCode);
    }
}
