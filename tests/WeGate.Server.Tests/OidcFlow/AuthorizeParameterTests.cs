using System.Net;
using WeGate.Server.Errors;
using WeGate.Server.Pages;

namespace WeGate.Server.Tests.OidcFlow;

// RFC 6749 §3.1: a parameter must not be sent twice; and prompt=consent is answered honestly.
public abstract partial class OidcFlowContract
{
    [Theory]
    [InlineData("&state=other")]
    [InlineData("&prompt=none")]
    [InlineData("&scope=openid")]
    [InlineData("&nonce=n-2")]
    [InlineData("&response_type=code")]
    [InlineData("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")]
    public async Task A_repeated_parameter_goes_back_to_the_verified_client_as_invalid_request(string repeat)
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: repeat + "&prompt=login"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith(s.Redirect + "?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var query = Browser.Query(response.Headers.Location!);
        ErrorAssert.Redirected(query, WeGateErrors.ParameterRepeated);
        Assert.DoesNotContain("code", query.Keys);
    }

    [Theory]
    [InlineData("&client_id=app-spa")]
    [InlineData("&redirect_uri=https%3A%2F%2Fapp.example.com%2Fother")]
    public async Task A_repeated_client_id_or_redirect_uri_gets_an_error_page_and_no_redirect(string repeat)
    {
        var s = await SetupAsync();
        using var browser = new Browser(Server.Http.BaseAddress!);
        var response = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: repeat));
        Assert.Null(response.Headers.Location);
        await ErrorAssert.PageShowsAsync(response, WeGateErrors.ParameterRepeated);
    }

    [Fact]
    public async Task Prompt_consent_is_answered_consent_required_even_with_a_session_and_never_with_a_code()
    {
        var s = await SetupAsync();
        var (_, _, browser) = await CodeAsync(s);
        using var owned = browser;
        var response = await browser.GetAsync(AuthorizeUrl(s, Browser.Pkce().Challenge, extra: "&prompt=consent"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var query = Browser.Query(response.Headers.Location!);
        ErrorAssert.Redirected(query, WeGateErrors.ConsentNotAsked);
        Assert.Equal("st-123", query["state"]);
        Assert.DoesNotContain("code", query.Keys);
        var discovery = await (await Server.Http.GetAsync($"/pools/{s.Pool}/.well-known/openid-configuration")).JsonAsync();
        Assert.DoesNotContain("consent", discovery.GetProperty("prompt_values_supported").EnumerateArray().Select(v => v.GetString()));
    }
}
