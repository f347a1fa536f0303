using System.Text.RegularExpressions;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Bench.Oidc;

// WeGate's front channel in `code` mode: a whole WeChat login inside WeChat's browser (flow 4, oa-web,
// docs/logins.md) through the mounted sandbox. The authorization answer leads to the login page, which
// inside WeChat's browser offers the oa-web start link; that leads to WeChat's authorize page, where the
// flow's persona (one of 100, in turn) is holding the phone, approving WeChat's consent sheet when it
// asks (a newcomer on the demo's snsapi_userinfo connection); WeChat redirects to WeGate's callback, which
// exchanges the code with WeChat, signs the account in and redirects back with the authorization code.
internal sealed partial class WeChatInAppLogin(SandboxControlClient sandbox, string run) : IFrontChannel
{
    private const int Personas = 100;
    private const int MaxSteps = 12;

    private int _flows;

    // What the login page looks for to offer the in-WeChat login (DemoPage.WeChatUserAgent).
    public string? UserAgent => "Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.50";

    public async Task PrepareAsync(CancellationToken ct)
    {
        for (var k = 0; k < Personas; k++)
            await sandbox.CreatePersonaAsync(new Persona(Persona(k)) { Nickname = $"Peer {k}" }, ct);
    }

    public async Task<Uri> WalkAsync(Browser browser, Uri authorize, Page answer, CancellationToken ct)
    {
        var persona = Persona(Interlocked.Increment(ref _flows) % Personas);
        for (var step = 0; step < MaxSteps; step++)
        {
            if (answer.IsRedirect)
            {
                var next = answer.Location!;
                if (next.ToString().StartsWith(OidcClient.RedirectUri, StringComparison.Ordinal))
                    return next;
                if (next.AbsolutePath.EndsWith("/connect/oauth2/authorize", StringComparison.Ordinal))
                    next = new Uri($"{next.GetLeftPart(UriPartial.Query)}&sandbox_persona={Uri.EscapeDataString(persona)}");
                answer = await browser.GetAsync(next, ct);
            }
            else if (answer.Status == 200 && ConsentSheet().Match(answer.Body) is { Success: true } consent)
            {
                answer = await browser.PostFormAsync(new Uri(answer.Url, "authorize/decide"),
                    new() { ["consent"] = consent.Groups[1].Value, ["decision"] = "approve" }, ct);
            }
            else if (answer.Status == 200 && StartLink().Match(answer.Body) is { Success: true } start)
            {
                answer = await browser.GetAsync(new Uri(answer.Url, System.Net.WebUtility.HtmlDecode(start.Groups[1].Value)), ct);
            }
            else
            {
                throw answer.Unexpected();
            }
        }
        throw new LoginFailure($"more than {MaxSteps} steps");
    }

    private string Persona(int k) => $"peer-{run}-{k}";

    [GeneratedRegex(@"name=""consent"" value=""([^""]+)""")]
    private static partial Regex ConsentSheet();

    [GeneratedRegex(@"href=""([^""]*/oa-web/start[^""]*)""")]
    private static partial Regex StartLink();
}
