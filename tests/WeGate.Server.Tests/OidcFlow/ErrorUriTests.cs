using WeGate.Server.Errors;

namespace WeGate.Server.Tests.OidcFlow;

// docs/errors.md: an error answer's error_uri opens its entry on WeGate's own /errors page, and that page
// lists every entry of the catalogue under its anchor.
public abstract partial class OidcFlowContract
{
    [Fact]
    public async Task The_error_uri_of_an_answer_opens_its_entry_on_the_errors_page()
    {
        var s = await SetupAsync("web");
        var refused = await TokenAsync(s, new Dictionary<string, string> { ["grant_type"] = "password" });
        var json = await AssertOAuthErrorAsync(refused, WeGateErrors.GrantTypeNotSupported);
        var uri = new Uri(json.GetProperty("error_uri").GetString()!);
        Assert.Equal(Server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority));

        var page = await Server.Http.GetAsync(uri.PathAndQuery);
        Assert.Equal(200, (int)page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"{uri.Fragment.TrimStart('#')}\"", html, StringComparison.Ordinal);
        Assert.All(WeGateErrors.All, entry => Assert.Contains($"<dt id=\"{entry.Anchor}\"", html, StringComparison.Ordinal));
    }
}
