using System.Net;

namespace WeGate.Bench.Oidc;

// One browser of one code flow: its own cookies, no redirects followed (each hop is the front channel's
// to take), optionally a User-Agent.
internal sealed class Browser(HttpClient http, string? userAgent = null)
{
    private readonly CookieContainer _cookies = new();

    public Task<Page> GetAsync(Uri url, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);

    public Task<Page> PostFormAsync(Uri url, Dictionary<string, string> form, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) }, ct);

    private async Task<Page> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            var url = request.RequestUri!;
            if (_cookies.GetCookieHeader(url) is { Length: > 0 } cookie)
                request.Headers.Add("Cookie", cookie);
            if (userAgent is not null)
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            using var response = await http.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                    _cookies.SetCookies(url, setCookie);
            }
            var body = await response.Content.ReadAsStringAsync(ct);
            var location = response.Headers.Location is { } l ? new Uri(url, l) : null;
            return new Page(url, (int)response.StatusCode, location, body);
        }
    }
}

// What one request of the front channel answered; Location resolved against the request's address.
internal sealed record Page(Uri Url, int Status, Uri? Location, string Body)
{
    public bool IsRedirect => Status is >= 300 and < 400 && Location is not null;

    public LoginFailure Unexpected() => new($"HTTP {Status} at {Url.GetLeftPart(UriPartial.Path)}: {Body[..Math.Min(Body.Length, 200)]}");
}

// How a provider's front channel goes from the authorization answer to the redirect back with the code.
internal interface IFrontChannel
{
    string? UserAgent { get; }

    Task<Uri> WalkAsync(Browser browser, Uri authorize, Page answer, CancellationToken ct);
}

// Redirects only, as a provider whose login step is a redirect chain (the peer's headless interaction).
internal sealed class FollowRedirects : IFrontChannel
{
    private const int MaxHops = 10;

    public string? UserAgent => null;

    public async Task<Uri> WalkAsync(Browser browser, Uri authorize, Page answer, CancellationToken ct)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (!answer.IsRedirect)
                throw answer.Unexpected();
            if (answer.Location!.ToString().StartsWith(OidcClient.RedirectUri, StringComparison.Ordinal))
                return answer.Location;
            answer = await browser.GetAsync(answer.Location, ct);
        }
        throw new LoginFailure($"more than {MaxHops} redirects");
    }
}
