using System.Net.Http.Json;
using System.Text.Json;
using WeGate.Server.Login.AppMiniProgram;
using WeGate.Server.Oidc;

namespace WeGate.Server.Demo;

// Flow 7 in the demo (docs/oidc.md#app-launches-mini-program-app-mp), each step's outcome kept with the
// ticket so the page can show where the person is: the app opens a ticket, the mini program confirms it
// with a pasted wx.login code, the app redeems it. Redeeming before the confirmation answers
// authorization_pending and keeps the ticket, so the person confirms and redeems again.
internal static class DemoAppMp
{
    // The ticket as the app holds it; AppParameter is what the mini program gave back once it confirmed,
    // Pending what WeGate said when the app redeemed too early.
    public sealed record AppTicket(string Ticket, string Secret, string LaunchPath, string UserName, DateTimeOffset ExpiresAt,
        string? AppParameter = null, string? Pending = null);

    private const string Cookie = "ticket";
    private const string Home = "/demo#app-mp";

    public static void Map(RouteGroupBuilder demo)
    {
        demo.MapPost("/app-mp/open", OpenAsync).DisableAntiforgery();
        // What the mini program does with its wx.login code (pasted from the virtual phone).
        demo.MapPost("/app-mp/confirm", ConfirmAsync).DisableAntiforgery();
        // Back in the app: the ticket and its secret at the token endpoint.
        demo.MapPost("/app-mp/redeem", RedeemAsync).DisableAntiforgery();
    }

    private static async Task<IResult> OpenAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, TimeProvider clock)
    {
        using var client = clients.CreateClient();
        using var response = await client.PostAsJsonAsync(issuer.Endpoint(DemoWorld.Pool, "login/app-mp/tickets"), new { client_id = DemoWorld.ClientId }, http.RequestAborted);
        var body = DemoTokens.TryParse(await response.Content.ReadAsStringAsync(http.RequestAborted));
        if (!response.IsSuccessStatusCode || body is not { } opened)
            return DemoPage.Problem(http, DemoTokens.Refusal("WeGate did not open a ticket:", body, $"it answered HTTP {(int)response.StatusCode}"));
        var launch = opened.GetProperty("launch");
        DemoCookies.Write(http, Cookie, new AppTicket(opened.GetProperty("ticket").GetString()!, opened.GetProperty("ticket_secret").GetString()!,
            launch.GetProperty("path").GetString()!, launch.GetProperty("user_name").GetString()!, clock.GetUtcNow().AddSeconds(opened.GetProperty("expires_in").GetInt32())));
        return Results.Redirect(Home);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer)
    {
        var form = await http.Request.ReadFormAsync();
        if (DemoCookies.Read<AppTicket>(http, Cookie) is not { } ticket)
            return DemoPage.Problem(http, new DemoRefusal("There is no ticket yet:", "press Open a ticket first"));
        using var client = clients.CreateClient();
        var code = form["code"].ToString().Trim();
        var phone = form["phone_code"].ToString().Trim();
        using var response = await client.PostAsJsonAsync(issuer.Endpoint(DemoWorld.Pool, $"login/app-mp/tickets/{Uri.EscapeDataString(ticket.Ticket)}/confirm"),
            phone.Length > 0 ? new { code, phone_code = phone } : (object)new { code }, http.RequestAborted);
        var body = DemoTokens.TryParse(await response.Content.ReadAsStringAsync(http.RequestAborted));
        if (response.IsSuccessStatusCode && body is { } confirmed)
        {
            DemoCookies.Write(http, Cookie, ticket with { AppParameter = confirmed.GetProperty("app_parameter").GetString(), Pending = null });
            return Results.Redirect(Home);
        }
        var refusal = body is { } refused && refused.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? new DemoRefusal("WeGate refused the mini program's sign-in:", message.GetString()!)
            : DemoTokens.Refusal("The mini program's sign-in failed:", body, $"WeGate answered HTTP {(int)response.StatusCode}");
        return DemoPage.Problem(http, refusal with { Next = "The ticket is kept: get a new wx.login code on the virtual phone and paste it again." });
    }

    private static async Task<IResult> RedeemAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer)
    {
        if (DemoCookies.Read<AppTicket>(http, Cookie) is not { } ticket)
            return DemoPage.Problem(http, new DemoRefusal("There is no ticket yet:", "press Open a ticket first"));
        var (tokens, refusal) = await DemoTokens.RequestAsync(http, clients, issuer, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = DemoWorld.ClientId,
            ["subject_token_type"] = TicketExchange.TokenType, ["subject_token"] = ticket.Ticket,
            ["ticket_secret"] = ticket.Secret, ["scope"] = "openid profile phone wechat",
        });
        if (refusal?.Error == "authorization_pending")
        {
            DemoCookies.Write(http, Cookie, ticket with { Pending = refusal.Description });
            return Results.Redirect(Home);
        }
        if (refusal is null || refusal.Error is "invalid_grant" or "access_denied")
            DemoCookies.Forget(http, Cookie);
        return refusal is null
            ? await DemoTokens.SignInAsync(http, clients, issuer, "app launches mini program (ticket)", tokens)
            : DemoPage.Problem(http, refusal with { Next = refusal.Error is "invalid_grant" or "access_denied" ? "This ticket is spent: open a new one." : "The ticket is kept: try again." });
    }
}
