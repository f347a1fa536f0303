using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Secrets;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Mobile;
using WeGate.Server.Oidc;
using WeGate.Server.Pages;

namespace WeGate.Server.Demo;

// The demo application of Development (docs/configuration.md#settings, WeGate:Demo): an ordinary OIDC client of the pool `default`
// that talks to WeGate over real HTTP — authorization code with PKCE for the browser logins, token
// exchange for codes pasted from the virtual phone — and shows the signed-in person's claims.
internal static class DemoEndpoints
{
    private const string Cookie = "wegate_demo";
    private const string Purpose = "WeGate.Demo.v1";

    private sealed record Pending(string State, string Nonce, string Verifier);

    // Kept in a cookie, so only what the page shows: the claims, and the ID token as the logout hint.
    private sealed record SignedIn(string How, string? IdToken, JsonElement Claims);

    // Flow 7 as the app would hold it: the ticket, its secret and what it launches.
    public sealed record AppTicket(string Ticket, string Secret, string LaunchPath, string UserName);

    public static void Map(IEndpointRouteBuilder app)
    {
        var demo = app.MapGroup("/demo").ExcludeFromDescription();
        demo.MapGet("", (HttpContext http) => DemoPage.Render(http, Read<SignedIn>(http, "result"), Read<AppTicket>(http, "ticket")));

        // Flow 7, step 1: the app opens a ticket and would launch the mini program with it.
        demo.MapPost("/app-mp/open", async (HttpContext http, IHttpClientFactory clients, Issuer issuer) =>
        {
            using var client = clients.CreateClient();
            using var response = await client.PostAsJsonAsync(issuer.Base + $"/pools/{DemoWorld.Pool}/login/app-mp/tickets", new { client_id = DemoWorld.ClientId }, http.RequestAborted);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(http.RequestAborted)).RootElement;
            if (!response.IsSuccessStatusCode)
                return DemoPage.Problem(http, $"Opening the ticket failed: {body}");
            var launch = body.GetProperty("launch");
            Write(http, "ticket", new AppTicket(body.GetProperty("ticket").GetString()!, body.GetProperty("ticket_secret").GetString()!,
                launch.GetProperty("path").GetString()!, launch.GetProperty("user_name").GetString()!));
            return Results.Redirect("/demo");
        }).DisableAntiforgery();

        // Step 2: the mini program signs in against the ticket with its wx.login code (pasted from the virtual phone).
        demo.MapPost("/app-mp/confirm", async (HttpContext http, IHttpClientFactory clients, Issuer issuer) =>
        {
            var ticket = Read<AppTicket>(http, "ticket");
            var form = await http.Request.ReadFormAsync();
            if (ticket is null)
                return DemoPage.Problem(http, "Open a ticket first.");
            using var client = clients.CreateClient();
            var phone = form["phone_code"].ToString().Trim();
            using var response = await client.PostAsJsonAsync(issuer.Base + $"/pools/{DemoWorld.Pool}/login/app-mp/tickets/{Uri.EscapeDataString(ticket.Ticket)}/confirm",
                phone.Length > 0 ? new { code = form["code"].ToString().Trim(), phone_code = phone } : (object)new { code = form["code"].ToString().Trim() }, http.RequestAborted);
            return response.IsSuccessStatusCode ? Results.Redirect("/demo") : DemoPage.Problem(http, "The mini program's sign-in failed: " + await response.Content.ReadAsStringAsync(http.RequestAborted));
        }).DisableAntiforgery();

        // Step 3: back in the app, the ticket is redeemed with its secret.
        demo.MapPost("/app-mp/redeem", async (HttpContext http, IHttpClientFactory clients, Issuer issuer) =>
        {
            var ticket = Read<AppTicket>(http, "ticket");
            if (ticket is null)
                return DemoPage.Problem(http, "Open a ticket first.");
            http.Response.Cookies.Delete(Cookie + "-ticket", new CookieOptions { Path = "/demo" });
            return await FinishAsync(http, clients, issuer, "app launches mini program (ticket)", new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = DemoWorld.ClientId,
                ["subject_token_type"] = WeGate.Server.Login.AppMiniProgram.TicketExchange.TokenType, ["subject_token"] = ticket.Ticket,
                ["ticket_secret"] = ticket.Secret, ["scope"] = "openid profile phone wechat",
            });
        }).DisableAntiforgery();

        demo.MapGet("/login", (HttpContext http, Issuer issuer) =>
        {
            // RFC 7636 §4.1: a verifier is 43 to 128 characters; 32 random bytes make 43.
            var pending = new Pending(Random(), Random(), SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32)));
            Write(http, "pending", pending);
            var challenge = SecretHash.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(pending.Verifier)));
            return Results.Redirect(QueryHelpers.AddQueryString(issuer.Endpoint(DemoWorld.Pool, "oauth2/authorize"), new Dictionary<string, string?>
            {
                ["response_type"] = "code", ["client_id"] = DemoWorld.ClientId, ["redirect_uri"] = issuer.Base + "/demo/callback",
                ["scope"] = "openid profile email phone wechat", ["state"] = pending.State, ["nonce"] = pending.Nonce,
                ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            }));
        });

        demo.MapGet("/callback", async (HttpContext http, IHttpClientFactory clients, Issuer issuer, string? code, string? state, string? error, string? error_description) =>
        {
            var pending = Read<Pending>(http, "pending");
            if (error is not null || pending is null || state != pending.State || code is null)
                return DemoPage.Problem(http, error is not null ? $"{error}: {error_description}" : "The sign-in came back without a matching state; start again.");
            return await FinishAsync(http, clients, issuer, "authorization code + PKCE", new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = issuer.Base + "/demo/callback",
                ["code_verifier"] = pending.Verifier, ["client_id"] = DemoWorld.ClientId,
            });
        });

        demo.MapPost("/exchange", async (HttpContext http, IHttpClientFactory clients, Issuer issuer) =>
        {
            var form = await http.Request.ReadFormAsync();
            var kind = form["kind"].ToString();
            var (type, how) = kind == "mobile" ? (MobileExchange.TokenType, "mobile app code (token exchange)") : (MiniProgramExchange.TokenType, "mini program code (token exchange)");
            var fields = new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = DemoWorld.ClientId,
                ["subject_token_type"] = type, ["subject_token"] = form["code"].ToString().Trim(), ["scope"] = "openid profile phone wechat",
            };
            if (form["phone_code"].ToString().Trim() is { Length: > 0 } phone)
                fields["phone_code"] = phone;
            return await FinishAsync(http, clients, issuer, how, fields);
        }).DisableAntiforgery();

        demo.MapPost("/forget", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(Cookie + "-result");
            return Results.Redirect("/demo");
        }).DisableAntiforgery();
    }

    private static async Task<IResult> FinishAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, string how, Dictionary<string, string> fields)
    {
        using var client = clients.CreateClient();
        using var tokenResponse = await client.PostAsync(issuer.Endpoint(DemoWorld.Pool, "oauth2/token"), new FormUrlEncodedContent(fields), http.RequestAborted);
        var body = await tokenResponse.Content.ReadAsStringAsync(http.RequestAborted);
        if (!tokenResponse.IsSuccessStatusCode)
            return DemoPage.Problem(http, TokenError(tokenResponse, body));
        var tokens = JsonDocument.Parse(body).RootElement.Clone();
        using var request = new HttpRequestMessage(HttpMethod.Get, issuer.Endpoint(DemoWorld.Pool, "oauth2/userinfo"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var userInfo = await client.SendAsync(request, http.RequestAborted);
        var claims = JsonDocument.Parse(await userInfo.Content.ReadAsStringAsync(http.RequestAborted)).RootElement.Clone();
        var idToken = tokens.TryGetProperty("id_token", out var id) ? id.GetString() : null;
        Write(http, "result", new SignedIn(how, idToken, claims));
        return Results.Redirect("/demo");
    }

    // A refusal of the token endpoint as a sentence: its error_description, with the OAuth error code.
    private static string TokenError(HttpResponseMessage response, string body)
    {
        try
        {
            var error = JsonDocument.Parse(body).RootElement;
            return $"WeGate refused the sign-in: {error.GetProperty("error_description").GetString()} ({error.GetProperty("error").GetString()}).";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"WeGate's token endpoint answered HTTP {(int)response.StatusCode} without an OAuth error.";
        }
    }

    private static string Random() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(24));

    private static void Write<T>(HttpContext http, string name, T value)
    {
        var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        http.Response.Cookies.Append($"{Cookie}-{name}", protector.Protect(JsonSerializer.Serialize(value)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/demo", IsEssential = true });
    }

    private static T? Read<T>(HttpContext http, string name)
    {
        var value = http.Request.Cookies[$"{Cookie}-{name}"];
        if (value is null)
            return default;
        try
        {
            var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
            return JsonSerializer.Deserialize<T>(protector.Unprotect(value));
        }
        catch (CryptographicException)
        {
            return default;
        }
    }
}
