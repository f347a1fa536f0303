using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Secrets;
using WeGate.Server.Hosting;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Mobile;
using WeGate.Server.Oidc;

namespace WeGate.Server.Demo;

// The demo application of Development (docs/configuration.md#settings, WeGate:Demo): an ordinary OIDC client of the pool `default`
// that talks to WeGate over real HTTP — authorization code with PKCE for the browser logins, token
// exchange for codes pasted from the virtual phone — and shows the signed-in person's claims.
internal static class DemoEndpoints
{
    // ClientId: the demo application the sign-in started for (demo, or demo-bind with ?app=bind).
    private sealed record Pending(string State, string Nonce, string Verifier, string? ClientId = null);

    public static void Map(IEndpointRouteBuilder app)
    {
        var demo = app.MapGroup("/demo").ExcludeFromDescription();
        // Back from RP-initiated logout (docs/oidc.md#introspection-revocation-and-logout) with the state the demo sent:
        // WeGate's session is over, so the demo forgets the claims it showed.
        demo.MapGet("", Home);
        demo.MapGet("/login", SignIn);
        demo.MapGet("/callback", CallbackAsync);
        demo.MapPost("/exchange", ExchangeAsync).DisableAntiforgery();
        // "Sign out of WeGate": RP-initiated logout with the ID token as the hint and a state that
        // tells the demo, once WeGate sends the browser back, that this logout is done.
        demo.MapGet("/logout", SignOut);
        demo.MapPost("/forget", Forget).DisableAntiforgery();
        DemoAppMp.Map(demo);
    }

    private static IResult Home(HttpContext http, WeGateOptions options, Issuer issuer, string? state)
    {
        var signedOut = state is not null && DemoCookies.Read<string>(http, "logout") == state;
        if (signedOut)
        {
            DemoCookies.Forget(http, "logout");
            DemoCookies.Forget(http, "result");
        }
        return DemoPage.Render(http, options, issuer, signedOut ? null : DemoCookies.Read<DemoTokens.SignedIn>(http, "result"), DemoCookies.Read<DemoAppMp.AppTicket>(http, "ticket"), signedOut);
    }

    private static IResult SignIn(HttpContext http, Issuer issuer, string? app)
    {
        // RFC 7636 §4.1: a verifier is 43 to 128 characters; 32 random bytes make 43.
        var clientId = app == "bind" ? DemoWorld.BindClientId : DemoWorld.ClientId;
        var pending = new Pending(Random(), Random(), SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32)), clientId);
        DemoCookies.Write(http, "pending", pending);
        var challenge = SecretHash.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(pending.Verifier)));
        return Results.Redirect(QueryHelpers.AddQueryString(issuer.Endpoint(DemoWorld.Pool, "oauth2/authorize"), new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = issuer.Base + "/demo/callback",
            ["scope"] = "openid profile email phone wechat", ["state"] = pending.State, ["nonce"] = pending.Nonce,
            ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        }));
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, string? code, string? state,
        string? error, string? error_description)
    {
        var pending = DemoCookies.Read<Pending>(http, "pending");
        if (error is not null)
            return DemoPage.Problem(http, new DemoRefusal("The sign-in did not finish:", error_description ?? "", error));
        if (pending is null || state != pending.State || code is null)
            return DemoPage.Problem(http, new DemoRefusal("The sign-in came back without a matching state:", "press Sign in with WeGate to start again"));
        var clientId = pending.ClientId ?? DemoWorld.ClientId;
        var how = clientId == DemoWorld.BindClientId ? "authorization code + PKCE (ask to bind)" : "authorization code + PKCE";
        return await DemoTokens.FinishAsync(http, clients, issuer, how, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = issuer.Base + "/demo/callback",
            ["code_verifier"] = pending.Verifier, ["client_id"] = clientId,
        });
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer)
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
        return await DemoTokens.FinishAsync(http, clients, issuer, how, fields);
    }

    private static IResult SignOut(HttpContext http, Issuer issuer)
    {
        if (DemoCookies.Read<DemoTokens.SignedIn>(http, "result")?.IdToken is not { } idToken)
        {
            DemoCookies.Forget(http, "result");
            return Results.Redirect("/demo");
        }
        var state = Random();
        DemoCookies.Write(http, "logout", state);
        return Results.Redirect(QueryHelpers.AddQueryString(issuer.Endpoint(DemoWorld.Pool, "oauth2/logout"), new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = issuer.Base + "/demo", ["state"] = state,
        }));
    }

    private static IResult Forget(HttpContext http)
    {
        DemoCookies.Forget(http, "result");
        return Results.Redirect("/demo");
    }

    private static string Random() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(24));
}
