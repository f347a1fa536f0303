using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using WeGate.Core.Admin;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc.Token;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// The console is an OpenID Connect client of its own pool (docs/console.md#signing-in): authorization
// code with PKCE through WeGate's hosted login page, prompt=login so every console sign-in proves the
// password again. The code is redeemed in-process by the same AuthorizationCodeGrant the token endpoint
// uses; the console's application is confidential with a secret nobody holds, so its codes cannot be
// redeemed at the token endpoint by anyone. The ID token comes straight from the grant, so it is read
// without checking its signature (OIDC Core §3.1.3.7), and its nonce must be the one this browser sent.
internal static class ConsoleSignIn
{
    private const string PendingCookie = "wegate_console_pending";
    private const string Purpose = "WeGate.Console.SignIn.v1";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);

    private sealed record Pending(string State, string Nonce, string Verifier, string Return);

    public static string RedirectUri(Oidc.Issuer issuer) => issuer.Base + "/console/callback";

    public static async Task<IResult> StartAsync(HttpContext http, Oidc.Issuer issuer, ConsolePoolSetup setup, string? @return)
    {
        var t = ConsoleTexts.For(http);
        await setup.EnsureRedirectUriAsync(http.RequestAborted);
        var pending = new Pending(ProtectedCookie.Random(), ProtectedCookie.Random(), ProtectedCookie.Random(), SafeReturn(@return));
        http.Response.Cookies.Append(PendingCookie, ProtectedCookie.Protect(http, Purpose, pending, PendingLifetime), CookieOptions(http));
        var challenge = SecretHash.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(pending.Verifier)));
        return Results.Redirect(QueryHelpers.AddQueryString(issuer.Endpoint(ConsolePool.Name, "oauth2/authorize"), new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = ConsolePool.ClientId, ["redirect_uri"] = RedirectUri(issuer), ["scope"] = "openid email",
            ["state"] = pending.State, ["nonce"] = pending.Nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            ["prompt"] = "login", ["ui_locales"] = t.Language,
        }));
    }

    public static async Task<IResult> CallbackAsync(HttpContext http, Oidc.Issuer issuer, IApplicationStore applications, AuthorizationCodeGrant grant,
        IAdministratorStore administrators, TimeProvider clock, string? code, string? state, string? error)
    {
        var t = ConsoleTexts.For(http);
        var pending = ProtectedCookie.Read<Pending>(http, Purpose, PendingCookie);
        http.Response.Cookies.Delete(PendingCookie, CookieOptions(http));
        if (error is not null || pending is null || code is null || state != pending.State)
            return Again(http, t, error is null ? t["callback_mismatch"] : t.Format("callback_error", error));
        var client = await applications.GetAsync(ConsolePool.Name, ConsolePool.ClientId, http.RequestAborted);
        if (client is null)
            return Again(http, t, t["callback_mismatch"]);
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["grant_type"] = GrantType.AuthorizationCode, ["code"] = code, ["redirect_uri"] = RedirectUri(issuer), ["code_verifier"] = pending.Verifier,
        });
        var (tokens, refused) = await grant.HandleAsync(ConsolePool.Name, client, form, http.RequestAborted);
        if (tokens?.IdToken is not { } idToken || Claims(idToken) is not { } claims || claims.Nonce != pending.Nonce)
            return Again(http, t, t.Format("callback_error", refused?.Error ?? "invalid_grant"));
        if (await administrators.GetAsync(claims.Subject, http.RequestAborted) is null)
            return ConsoleLayout.Refusal(http, t, t["not_admin_title"], t["not_admin"], StatusCodes.Status403Forbidden);
        await ConsoleSession.SignInAsync(http, claims.Subject, clock.GetUtcNow());
        return Results.Redirect(pending.Return);
    }

    public static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await ConsoleSession.SignOutAsync(http);
        return Results.Redirect("/console/signed-out", permanent: false, preserveMethod: false);
    }

    public static IResult SignedOut(HttpContext http)
    {
        var t = ConsoleTexts.For(http);
        return ConsoleLayout.Render(http, t, t["signed_out_title"], $"""
            <div class="card narrow"><h1>{Page.Encode(t["signed_out_title"])}</h1><p class="notice">{Page.Encode(t["signed_out"])}</p>
            <p><a href="/console">{Page.Encode(t["sign_in_again"])}</a></p></div>
            """);
    }

    private static IResult Again(HttpContext http, ConsoleTexts t, string sentence) =>
        ConsoleLayout.Frame(http, t, t["sign_in_failed_title"], "", $"""
            <div class="card narrow"><h1>{Page.Encode(t["sign_in_failed_title"])}</h1><p class="error" data-refusal>{Page.Encode(sentence)}</p>
            <p><a href="/console/login">{Page.Encode(t["sign_in_again"])}</a></p></div>
            """, StatusCodes.Status400BadRequest);

    // Only a path of the console or of the admin API's reference, so the sign-in cannot be turned into an open redirect.
    private static string SafeReturn(string? path) =>
        path is { Length: < 2000 } p && (p.StartsWith("/console", StringComparison.Ordinal) || p.StartsWith(Admin.AdminOpenApi.ReferencePath + "/", StringComparison.Ordinal))
            && !p.Contains('\\', StringComparison.Ordinal)
            ? p : "/console";

    private sealed record IdClaims(string Subject, string? Nonce);

    private static IdClaims? Claims(string idToken)
    {
        if (idToken.Split('.') is not [_, var payload, _])
            return null;
        using var json = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
        var root = json.RootElement;
        return root.TryGetProperty("sub", out var sub) && sub.GetString() is { } s
            ? new IdClaims(s, root.TryGetProperty("nonce", out var nonce) ? nonce.GetString() : null) : null;
    }

    private static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/console", MaxAge = PendingLifetime, IsEssential = true,
    };
}
