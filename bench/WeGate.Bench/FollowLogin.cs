using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Phone;
using WeGate.Sandbox.Registry;

namespace WeGate.Bench;

// Flow 1 (docs/logins.md): what a PC browser and a phone do together, request by request. The browser
// starts an authorization request with PKCE and opens the hosted login page, whose oa-follow panel holds
// a login ticket; it follows the ticket by Server-Sent Events as ticket.js does. The phone scans the
// official account's QR (found in the sandbox by its scene, the login ticket, as the virtual phone finds
// it) and follows; the sandbox pushes the signed event to WeGate's callback; the ticket is confirmed; the
// browser completes, gets the authorization code on the redirect and the application redeems it. Only the
// HTML is fetched, not the page's scripts, images or the website-qr iframe.
internal sealed class FollowLogin(HttpClient http, SandboxControlClient sandbox, string run) : ILoginScenario
{
    private string[] _personas = [];
    private string _redirectUri = "";

    public string Name => "oa-follow";

    public string Description => "flow 1: authorize → login page → phone scans and follows → ticket confirmed (SSE) → complete → code redeemed";

    public async Task PrepareAsync(int users, CancellationToken ct)
    {
        var apps = await sandbox.ListAppsAsync(ct);
        if (!apps.Any(a => a.AppId == DemoTarget.OfficialAccountAppId))
            throw new LoginFailure($"The sandbox has no demo official account {DemoTarget.OfficialAccountAppId}: run WeGate in Development with the sandbox and the demo (README.md)");
        _redirectUri = await DemoRedirectUriAsync(ct);
        _personas = new string[users];
        for (var user = 0; user < users; user++)
        {
            _personas[user] = PersonaPrefix + user;
            await sandbox.CreatePersonaAsync(new Persona(_personas[user]) { Nickname = $"Bench {user}" }, ct);
        }
    }

    // The sandbox personas PrepareAsync made: this prefix and 0 to users - 1.
    internal string PersonaPrefix => $"bench-{run}-oa";

    public Task BeforeLoginAsync(int user, CancellationToken ct) => Task.CompletedTask;

    public async Task LoginAsync(int user, LoginSteps steps, CancellationToken ct)
    {
        var page = await OpenLoginPageAsync(steps, ct);

        // The page starts following its ticket as soon as it loads; the phone scans meanwhile.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var confirmed = WatchAsync(page, null, watching.Token);
        try
        {
            steps.Start("scan and follow");
            await ScanAsync(page.Ticket, _personas[user], ct);
            steps.Start("confirmed (SSE)");
            var (settled, why) = await confirmed;
            if (settled != "confirmed")
                throw new LoginFailure($"the ticket became {settled}" + (why is null ? "" : $": {why}"));
        }
        finally
        {
            await watching.CancelAsync();
            await Observe(confirmed);
        }
        var (ticket, request, state, verifier) = page;

        steps.Start("complete");
        var callback = await RedirectAsync($"{DemoTarget.LoginPath}/tickets/{Uri.EscapeDataString(ticket)}/complete?request={Uri.EscapeDataString(request)}", ct);
        if (!callback.ToString().StartsWith(_redirectUri + "?", StringComparison.Ordinal))
            throw new LoginFailure($"complete redirected to {callback.GetLeftPart(UriPartial.Path)}, not the application's redirect URI");
        if (Query(callback, "state") != state || Query(callback, "code") is not { Length: > 0 } code)
            throw new LoginFailure("the redirect to the application has no code or another state" + (Query(callback, "error") is { } error ? $" ({error})" : ""));

        steps.Start("code redeemed");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = DemoTarget.ClientId, ["code"] = code, ["redirect_uri"] = _redirectUri, ["code_verifier"] = verifier,
        });
        using var response = await http.PostAsync(DemoTarget.TokenPath, form, ct);
        await BenchHttp.AccessTokenAsync(response, ct);
    }

    // A PC browser opens the hosted login page of a new authorization request (PKCE): the login
    // request, and the login ticket of its oa-follow panel.
    internal async Task<LoginPage> OpenLoginPageAsync(LoginSteps? steps, CancellationToken ct)
    {
        var verifier = Random();
        var state = Random();
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        steps?.Start("authorize");
        var authorize = QueryHelpers.AddQueryString(DemoTarget.AuthorizePath, new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = DemoTarget.ClientId, ["redirect_uri"] = _redirectUri, ["scope"] = DemoTarget.Scope,
            ["state"] = state, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        });
        var loginPage = await RedirectAsync(authorize, ct);
        if (!loginPage.AbsolutePath.EndsWith("/login", StringComparison.Ordinal) || Query(loginPage, "request") is not { Length: > 0 } request)
            throw new LoginFailure($"authorize redirected to {loginPage.AbsolutePath}, not the login page (is a session cookie being sent?)");

        steps?.Start("login page");
        return new LoginPage(await FollowTicketAsync(loginPage, ct), request, state, verifier);
    }

    // The demo application's registered redirect URI, as its own /demo/login sends it (it depends on the
    // address WeGate first listened on when the demo was prepared).
    private async Task<string> DemoRedirectUriAsync(CancellationToken ct)
    {
        var authorize = await RedirectAsync("/demo/login", ct);
        return Query(authorize, "redirect_uri") is { Length: > 0 } uri
            ? uri
            : throw new LoginFailure("/demo/login did not redirect to an authorization request with a redirect_uri");
    }

    private async Task<Uri> RedirectAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is not { } location)
            throw new LoginFailure($"expected a redirect, got {BenchHttp.Describe(response, await response.Content.ReadAsStringAsync(ct))}");
        return location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
    }

    // The oa-follow panel: <section … data-connection="wx-follow"> … <div data-wegate-ticket="ID" …>.
    private async Task<string> FollowTicketAsync(Uri loginPage, CancellationToken ct)
    {
        using var response = await http.GetAsync(loginPage, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoginFailure($"the login page answered {BenchHttp.Describe(response, "")}");
        var panel = html.IndexOf($"data-connection=\"{DemoTarget.FollowConnection}\"", StringComparison.Ordinal);
        if (panel < 0)
            throw new LoginFailure($"the login page has no {DemoTarget.FollowConnection} panel");
        const string attribute = "data-wegate-ticket=\"";
        var start = html.IndexOf(attribute, panel, StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf('"', start + attribute.Length);
        if (end < 0 || html.IndexOf("</section>", panel, StringComparison.Ordinal) < start)
            throw new LoginFailure("the oa-follow panel shows no QR code (WeChat sign-in unavailable?)");
        return WebUtility.HtmlDecode(html[(start + attribute.Length)..end]);
    }

    internal async Task ScanAsync(string ticket, string persona, CancellationToken ct)
    {
        var scannables = await http.GetFromJsonAsync<List<Scannable>>(DemoTarget.SandboxPrefix + "control/scannables", SandboxControlJson.Options, ct);
        var qr = scannables?.FirstOrDefault(s => s.Kind == Scannable.OfficialAccountQr && s.Scene == ticket)
            ?? throw new LoginFailure("the sandbox no longer lists this login's QR code: it lists the newest 50, and more were drawn while this login page was made");
        var scan = await sandbox.ScanAsync(new ScanRequest(qr.Id, persona, Follow: true), ct);
        if (scan.DeliveryId is null)
            throw new LoginFailure($"the scan pushed no event ({scan.Event ?? "none"})");
    }

    // ticket.js's EventSource: `event: state` / `data: {"state": …}` until the ticket is settled, which it
    // answers with its message (null while the stream is open and the ticket not yet settled).
    // `opened` completes at the first state, when the stream is established.
    internal async Task<(string State, string? Message)> WatchAsync(LoginPage page, TaskCompletionSource? opened, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{DemoTarget.LoginPath}/tickets/{Uri.EscapeDataString(page.Ticket)}/events?request={Uri.EscapeDataString(page.Request)}");
        message.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoginFailure($"the ticket's event stream answered {BenchHttp.Describe(response, "")}");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? name = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
                name = null;
            else if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line[6..].Trim();
            else if (name == "state" && line.StartsWith("data:", StringComparison.Ordinal))
            {
                opened?.TrySetResult();
                using var json = JsonDocument.Parse(line[5..]);
                var state = json.RootElement.GetProperty("state").GetString() ?? "";
                if (state is not ("pending" or "scanned"))
                    return (state, json.RootElement.TryGetProperty("message", out var why) ? why.GetString() : null);
            }
        }
        throw new LoginFailure("the ticket's event stream ended before the ticket was settled");
    }

    // The stream is no longer needed once the login has moved on or failed; its own end is not news.
    internal static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or LoginFailure or IOException or JsonException)
        {
        }
    }

    private static string? Query(Uri uri, string name) =>
        QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    private static string Random() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

internal sealed record LoginPage(string Ticket, string Request, string State, string Verifier);
