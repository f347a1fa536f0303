using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WeGate.Server.Demo;
using WeGate.Server.Tests.Logins;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Durability;

// A whole code flow of the demo application whose login is WeChat inside WeChat's browser (flow 4,
// docs/logins.md#4-in-wechat-web-page-oa-web): authorize, the login page's oa-web link, the sandbox's
// WeChat authorize as the persona (approving the consent sheet when WeGate asks for snsapi_userinfo),
// WeGate's callback, the redirect back with the code, and the code redeemed with PKCE. Its writes are
// the parked request, the sign-in (a session, an identity attached or an account created), the code,
// its grant and refresh token.
internal static partial class OfficialAccountWebLogin
{
    public const string AppId = "wxde000000000000a1";
    private const int MaxSteps = 12;

    // The tokens, or what answered instead of the next step.
    public static async Task<(JsonElement? Tokens, string Answer)> SignInAsync(Uri server, string persona, string scope)
    {
        using var phone = new RedirectBrowser(server, DemoPage.WeChatUserAgent);
        var (verifier, challenge) = Browser.Pkce();
        var redirectUri = new Uri(server, "/demo/callback").ToString();
        var answer = await phone.GetAsync("/pools/default/oauth2/authorize?client_id=demo&response_type=code&state=s&nonce=n&code_challenge_method=S256"
            + $"&code_challenge={challenge}&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}");
        for (var step = 0; step < MaxSteps; step++)
        {
            var status = (int)answer.StatusCode;
            var body = await answer.Content.ReadAsStringAsync();
            if (status is >= 300 and < 400 && answer.Headers.Location is { } location)
            {
                var next = new Uri(server, location).AbsoluteUri.Split('#')[0];
                if (next.StartsWith(redirectUri, StringComparison.Ordinal))
                    return await RedeemAsync(phone, Browser.Query(new Uri(next))["code"], redirectUri, verifier);
                if (next.Contains("/connect/oauth2/authorize?", StringComparison.Ordinal))
                    next += "&sandbox_persona=" + Uri.EscapeDataString(persona);
                answer = await phone.GetAsync(next);
            }
            else if (status == 200 && body.Contains("authorize/decide", StringComparison.Ordinal))
            {
                answer = await phone.PostFormAsync(new Uri(answer.RequestMessage!.RequestUri!, "authorize/decide").AbsoluteUri,
                    new Dictionary<string, string> { ["consent"] = Browser.Hidden(body, "consent"), ["decision"] = "approve" });
            }
            else if (status == 200 && StartLink().Match(body) is { Success: true } start)
            {
                answer = await phone.GetAsync(WebUtility.HtmlDecode(start.Groups[1].Value));
            }
            else
            {
                return (null, $"{status} at {answer.RequestMessage?.RequestUri?.AbsolutePath}: {body[..Math.Min(body.Length, 300)]}");
            }
        }
        return (null, $"more than {MaxSteps} steps");
    }

    private static async Task<(JsonElement?, string)> RedeemAsync(RedirectBrowser phone, string code, string redirectUri, string verifier)
    {
        var response = await phone.PostFormAsync("/pools/default/oauth2/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "demo", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
        });
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? (JsonDocument.Parse(body).RootElement.Clone(), body) : (null, $"{(int)response.StatusCode} {body}");
    }

    [GeneratedRegex(@"href=""([^""]*/oa-web/start[^""]*)""")]
    private static partial Regex StartLink();
}
