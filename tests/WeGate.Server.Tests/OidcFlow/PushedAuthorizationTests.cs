using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests.OidcFlow;

// RFC 9126 pushed authorization requests, and the embedded QR login they start (docs/oidc.md#embedded-qr-login).
public abstract partial class OidcFlowContract
{
    private static Dictionary<string, string> PushedFields(Setup s, string challenge, string? extra = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["response_type"] = "code", ["client_id"] = s.ClientId, ["redirect_uri"] = s.Redirect, ["scope"] = "openid profile",
            ["state"] = "st-123", ["nonce"] = "n-456", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        };
        foreach (var pair in (extra ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair.Split('=')[0], Uri.UnescapeDataString(pair.Split('=')[1]));
            fields[name] = value;
        }
        return fields;
    }

    private async Task<HttpResponseMessage> PushAsync(Setup s, IDictionary<string, string> fields, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/pools/{s.Pool}/oauth2/par") { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return await Server.Http.SendAsync(request);
    }

    private async Task<string> RequestUriAsync(Setup s, string challenge, string? extra = null)
    {
        var response = await PushAsync(s, PushedFields(s, challenge, extra));
        var json = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(60, json.GetProperty("expires_in").GetInt32());
        var uri = json.GetProperty("request_uri").GetString()!;
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", uri, StringComparison.Ordinal);
        return uri;
    }

    private static string AuthorizeWithUri(Setup s, string requestUri, string? clientId = null) =>
        $"/pools/{s.Pool}/oauth2/authorize?client_id={clientId ?? s.ClientId}&request_uri={Uri.EscapeDataString(requestUri)}";

    [Fact]
    public async Task A_pushed_request_signs_in_with_its_own_parameters_and_its_request_uri_works_once()
    {
        var s = await SetupAsync();
        var (verifier, challenge) = Browser.Pkce();
        var requestUri = await RequestUriAsync(s, challenge);
        using var browser = new Browser(Server.Http.BaseAddress!);
        // RFC 9126 §4: the query's other parameters are ignored; the pushed ones make the request.
        var done = await browser.SignInAsync(await browser.GetAsync(AuthorizeWithUri(s, requestUri) + "&state=forged&scope=openid%20phone"), s.Username, Password);
        var query = Browser.Query(done.Headers.Location!);
        Assert.Equal("st-123", query["state"]);
        var tokens = await (await RedeemAsync(s, query["code"], verifier)).JsonAsync();
        Assert.Equal("openid profile", tokens.GetProperty("scope").GetString());
        Assert.Equal("n-456", Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("nonce").GetString());

        using var again = new Browser(Server.Http.BaseAddress!);
        await ErrorAssert.PageShowsAsync(await again.GetAsync(AuthorizeWithUri(s, requestUri)), WeGateErrors.RequestUriInvalid);
    }

    [Fact]
    public async Task Two_authorizations_racing_for_one_request_uri_park_one_request()
    {
        var s = await SetupAsync();
        var requestUri = await RequestUriAsync(s, Browser.Pkce().Challenge);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var browser = new Browser(Server.Http.BaseAddress!);
            return (int)(await browser.GetAsync(AuthorizeWithUri(s, requestUri))).StatusCode;
        }));
        Assert.Single(answers, status => status == 303);
        Assert.All(answers.Where(status => status != 303), status => Assert.Equal(400, status));
    }

    [Fact]
    public async Task A_request_uri_opened_by_another_client_or_unknown_is_refused_on_a_page_without_a_redirect()
    {
        var s = await SetupAsync();
        var requestUri = await RequestUriAsync(s, Browser.Pkce().Challenge);
        using var browser = new Browser(Server.Http.BaseAddress!);
        var other = await browser.GetAsync(AuthorizeWithUri(s, requestUri, clientId: "someone-else"));
        Assert.Null(other.Headers.Location);
        await ErrorAssert.PageShowsAsync(other, WeGateErrors.RequestUriInvalid);
        await ErrorAssert.PageShowsAsync(await browser.GetAsync(AuthorizeWithUri(s, "urn:ietf:params:oauth:request_uri:par.nothing")), WeGateErrors.RequestUriInvalid);
        // A parked request's id is not a request_uri, nor a pushed request's id a login page.
        var parked = (await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge))).Headers.Location!.OriginalString;
        var parkedId = parked[(parked.IndexOf("request=", StringComparison.Ordinal) + 8)..];
        await ErrorAssert.PageShowsAsync(await browser.GetAsync(AuthorizeWithUri(s, "urn:ietf:params:oauth:request_uri:" + parkedId)), WeGateErrors.RequestUriInvalid);
        var fresh = await RequestUriAsync(s, Browser.Pkce().Challenge);
        var asLoginPage = await browser.GetAsync($"/pools/{s.Pool}/login?request={fresh["urn:ietf:params:oauth:request_uri:".Length..]}");
        Assert.Equal(HttpStatusCode.BadRequest, asLoginPage.StatusCode);
    }

    [Theory]
    [InlineData("&redirect_uri=https%3A%2F%2Fevil.example.net%2Fcb", nameof(WeGateErrors.RedirectUriNotRegistered))]
    [InlineData("&code_challenge_method=plain", nameof(WeGateErrors.ChallengeMethodNotS256))]
    [InlineData("&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Ax", nameof(WeGateErrors.PushedRequestUri))]
    [InlineData("&embed=iframe", nameof(WeGateErrors.EmbedUnknown))]
    [InlineData("&connection=nope", nameof(WeGateErrors.ConnectionNotOffered))]
    [InlineData("&scope=openid%20bank", nameof(WeGateErrors.UnknownScope))]
    public async Task A_bad_pushed_request_is_answered_as_json_with_what_to_fix(string extra, string entry)
    {
        var s = await SetupAsync();
        await ErrorAssert.AnswersAsync(await PushAsync(s, PushedFields(s, Browser.Pkce().Challenge, extra)), ErrorAssert.Entry(entry));
    }

    [Fact]
    public async Task A_pushed_request_needs_a_form_a_known_client_and_a_confidential_clients_secret()
    {
        var s = await SetupAsync(type: "web");
        var fields = PushedFields(s, Browser.Pkce().Challenge);
        await ErrorAssert.AnswersAsync(await PushAsync(s, fields), WeGateErrors.ClientSecretRequired);
        fields["client_secret"] = s.Secret!;
        Assert.Equal(HttpStatusCode.Created, (await PushAsync(s, fields)).StatusCode);
        using var json = new HttpRequestMessage(HttpMethod.Post, $"/pools/{s.Pool}/oauth2/par") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        await ErrorAssert.AnswersAsync(await Server.Http.SendAsync(json), WeGateErrors.PushedRequestNotForm);
        using var basic = new HttpRequestMessage(HttpMethod.Post, $"/pools/{s.Pool}/oauth2/par") { Content = new FormUrlEncodedContent(PushedFields(s, Browser.Pkce().Challenge)) };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{s.ClientId}:wrong")));
        await ErrorAssert.AnswersAsync(await Server.Http.SendAsync(basic), WeGateErrors.ClientAuthenticationFailed);
    }

    [Fact]
    public async Task Embed_is_refused_outside_a_pushed_request()
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&embed=qr"));
        ErrorAssert.Redirected(Browser.Query(response.Headers.Location!), WeGateErrors.EmbedNotPushed);
    }

    [Fact]
    public async Task The_embedded_login_page_may_be_framed_only_by_the_redirect_uris_origin_and_asks_for_no_password()
    {
        var s = await SetupAsync();
        var requestUri = await RequestUriAsync(s, Browser.Pkce().Challenge, "&embed=qr");
        using var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync(AuthorizeWithUri(s, requestUri));
        var page = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors https://app.example.com;", csp, StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        Assert.DoesNotContain("type=\"password\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same application's ordinary login page is framed by nobody.
        var ordinary = await browser.GetAsync((await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge))).Headers.Location!.OriginalString);
        Assert.Contains("frame-ancestors 'none'", ordinary.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", ordinary.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Discovery_names_the_par_endpoint_and_a_registered_origin_may_push_from_a_browser()
    {
        var s = await SetupAsync();
        var discovery = await (await Server.Http.GetAsync($"/pools/{s.Pool}/.well-known/openid-configuration")).JsonAsync();
        Assert.EndsWith($"/pools/{s.Pool}/oauth2/par", discovery.GetProperty("pushed_authorization_request_endpoint").GetString(), StringComparison.Ordinal);
        Assert.False(discovery.GetProperty("require_pushed_authorization_requests").GetBoolean());

        var allowed = await PushAsync(s, PushedFields(s, Browser.Pkce().Challenge), origin: "https://app.example.com");
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var evil = new HttpRequestMessage(HttpMethod.Options, $"/pools/{s.Pool}/oauth2/par");
        evil.Headers.Add("Origin", "https://evil.example.net");
        evil.Headers.Add("Access-Control-Request-Method", "POST");
        var refused = await Server.Http.SendAsync(evil);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
