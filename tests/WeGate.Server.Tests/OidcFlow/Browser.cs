using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Secrets;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

// A person's browser against WeGate: keeps cookies, follows nothing by itself, so every redirect of
// the flow can be inspected.
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
        };
    }

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    public Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields) =>
        _http.PostAsync(url, new FormUrlEncodedContent(fields));

    // Signs in on the hosted login page the authorize request led to; returns the final redirect.
    public async Task<HttpResponseMessage> SignInAsync(HttpResponseMessage toLogin, string login, string password)
    {
        Assert.Equal(HttpStatusCode.SeeOther, toLogin.StatusCode);
        var page = await GetAsync(toLogin.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        return await PostFormAsync(FormAction(html), new Dictionary<string, string>
        {
            ["request"] = Hidden(html, "request"),
            ["__RequestVerificationToken"] = Hidden(html, "__RequestVerificationToken"),
            ["login"] = login,
            ["password"] = password,
        });
    }

    public static string Hidden(string html, string name)
    {
        var m = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        Assert.True(m.Success, $"no hidden field {name} in the page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static string FormAction(string html) => WebUtility.HtmlDecode(FormActionPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormActionPattern();

    public static Dictionary<string, string> Query(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, SecretHash.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public void Dispose() => _http.Dispose();
}
