using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Admin;
using WeGate.Server.Oidc.Token;
using WeGate.Server.Oidc.UserInfo;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Try login (docs/console.md#try-login): an administrator opens an application's real hosted login
// page, as that application, and sees the ID token's claims and the userinfo answer afterwards.
// The redirect URI is the console's own, registered on the application like any other; the state,
// nonce and PKCE verifier live in a data-protected cookie of the administrator's browser, bound to
// the administrator; the code is redeemed in-process by the token endpoint's AuthorizationCodeGrant
// (as the console's own sign-in), so no client secret is needed or weakened; the result goes back in
// another such cookie that only the same administrator's page opens.
internal static class TryLogin
{
    public const string CallbackPath = "/console/try-login/callback";
    public const string Scope = "openid profile email phone wechat";
    private const string PendingCookie = "wegate_console_try";
    private const string ResultCookie = "wegate_console_tried";
    private const string Purpose = "WeGate.Console.TryLogin.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private sealed record Pending(string Admin, string Pool, string ClientId, string State, string Nonce, string Verifier);

    private sealed record Result(string Admin, string Pool, string ClientId, string? IdClaims, string? UserInfo, string? Error);

    public static string RedirectUri(Oidc.Issuer issuer) => issuer.Base + CallbackPath;

    // POST …/applications/{clientId}/try-login, for every role: it changes nothing but this browser's cookie.
    public static async Task<IResult> StartAsync(HttpContext http, string pool, string clientId, [AsParameters] ApplicationEndpoints.Stores stores, Oidc.Issuer issuer)
    {
        var t = ConsoleTexts.For(http);
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        var app = await ApplicationEndpoints.RequireAsync(stores.Apps, pool, clientId, http.RequestAborted);
        if (!app.RedirectUris.Contains(RedirectUri(issuer)))
            return ConsoleLayout.Refusal(http, t, t["try_title"], t.Format("try_not_allowed", RedirectUri(issuer)), StatusCodes.Status409Conflict);
        var pending = new Pending(Admin(http), pool, clientId, ProtectedCookie.Random(), ProtectedCookie.Random(), ProtectedCookie.Random());
        http.Response.Cookies.Append(PendingCookie, ProtectedCookie.Protect(http, Purpose, pending, Lifetime), Cookie(http, CallbackPath, SameSiteMode.Lax));
        var challenge = SecretHash.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(pending.Verifier)));
        return Results.Redirect(QueryHelpers.AddQueryString(issuer.Endpoint(pool, "oauth2/authorize"), new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = RedirectUri(issuer), ["scope"] = Scope,
            ["state"] = pending.State, ["nonce"] = pending.Nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            ["prompt"] = "login", ["ui_locales"] = t.Language,
        }));
    }

    // POST …/applications/{clientId}/try-login/allow, owners only: registers the console's redirect URI
    // through the admin API's update, audited as admin.application.updated.
    public static async Task<IResult> AllowAsync(HttpContext http, string pool, string clientId, [AsParameters] ApplicationEndpoints.Stores stores, Oidc.Issuer issuer)
    {
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        var app = await ApplicationEndpoints.RequireAsync(stores.Apps, pool, clientId, http.RequestAborted);
        if (!app.RedirectUris.Contains(RedirectUri(issuer)))
        {
            await ApplicationEndpoints.UpdateApplicationAsync(pool, clientId,
                new ApplicationEndpoints.ApplicationRequest { RedirectUris = [.. app.RedirectUris, RedirectUri(issuer)] }, stores, http, http.RequestAborted);
        }
        return Results.Redirect(ApplicationPage.Path(pool, clientId) + "?saved=1#try-login");
    }

    // GET /console/try-login/callback: open, because a WeChat login's redirects pass through another
    // site and the console's SameSite=Strict session cookie is then not sent; the pending cookie
    // (SameSite=Lax) carries the state, and the result page checks the administrator.
    public static async Task<IResult> CallbackAsync(HttpContext http, Oidc.Issuer issuer, IApplicationStore applications, AuthorizationCodeGrant grant,
        [AsParameters] UserInfoEndpoint.Services userInfo, string? code, string? state, string? error,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "error_description")] string? errorDescription)
    {
        var t = ConsoleTexts.For(http);
        var pending = ProtectedCookie.Read<Pending>(http, Purpose, PendingCookie);
        http.Response.Cookies.Delete(PendingCookie, Cookie(http, CallbackPath, SameSiteMode.Lax));
        if (pending is null || state is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(pending.State)))
            return ConsoleLayout.Refusal(http, t, t["try_title"], t["try_state_mismatch"], StatusCodes.Status400BadRequest);
        Result result;
        if (error is not null || code is null)
        {
            result = new Result(pending.Admin, pending.Pool, pending.ClientId, null, null, $"{error ?? "invalid_request"}: {errorDescription}");
        }
        else
        {
            result = await RedeemAsync(http, issuer, applications, grant, userInfo, pending, code);
        }
        http.Response.Cookies.Append(ResultCookie, ProtectedCookie.Protect(http, Purpose, result, Lifetime), Cookie(http, "/console", SameSiteMode.Strict));
        return Results.Redirect(ApplicationPage.Path(pending.Pool, pending.ClientId) + "/try-login/result");
    }

    // GET …/applications/{clientId}/try-login/result: only the administrator who started it, in that browser.
    public static IResult ShowResult(HttpContext http, string pool, string clientId)
    {
        var t = ConsoleTexts.For(http);
        var result = ProtectedCookie.Read<Result>(http, Purpose, ResultCookie);
        if (result is null || result.Admin != Admin(http) || result.Pool != pool || result.ClientId != clientId)
            return ConsoleLayout.Refusal(http, t, t["try_title"], t["try_no_result"], StatusCodes.Status404NotFound);
        var body = result.Error is not null
            ? $"<p class=\"error\" data-try-error>{E(t.Format("try_failed", result.Error))}</p>"
            : $"""
              <p class="notice" role="status">{E(t["try_done"])}</p>
              <div class="pair"><div><h2>{E(t["try_id_token"])}</h2><pre class="snippet claims" data-id-token-claims>{E(result.IdClaims)}</pre></div>
              <div><h2>{E(t["try_userinfo"])}</h2><pre class="snippet claims" data-userinfo>{E(result.UserInfo)}</pre></div></div>
              """;
        return ConsoleLayout.Render(http, t, t["try_title"], $"""
            <h1>{E(t["try_title"])} · <code>{E(clientId)}</code></h1><p class="sub">{E(t["try_result_intro"])}</p>
            <section class="card">{body}<p><a href="{ApplicationPage.Path(pool, clientId)}#try-login">{E(t["try_again"])}</a></p></section>
            """, "applications", pool);
    }

    // The card on the application's page: Try login for everyone, "Allow Try login" for owners.
    public static string Card(HttpContext http, ConsoleTexts t, Application app, Oidc.Issuer issuer)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = ApplicationPage.Path(app.Pool, app.ClientId);
        var uri = RedirectUri(issuer);
        string action;
        if (app.RedirectUris.Contains(uri))
        {
            action = $"""<form method="post" action="{path}/try-login">{ConsoleLayout.Antiforgery(http)}<button type="submit" data-action="try-login">{E(t["try_button"])}</button></form>""";
        }
        else if (ConsoleSession.Current(http)!.Administrator.CanChange)
        {
            action = $"""<form method="post" action="{path}/try-login/allow">{ConsoleLayout.Antiforgery(http)}<button class="secondary" type="submit" data-action="allow-try-login">{E(t["try_allow_button"])}</button></form>""";
        }
        else
        {
            action = $"<p class=\"hint\">{E(t["try_ask_owner"])}</p>";
        }
        return $"""
            <section class="card" id="try-login"><h2>{E(t["try_title"])}</h2><p class="hint">{E(t.Format("try_hint", uri))}</p>{action}</section>
            """;
    }

    private static async Task<Result> RedeemAsync(HttpContext http, Oidc.Issuer issuer, IApplicationStore applications, AuthorizationCodeGrant grant,
        UserInfoEndpoint.Services userInfo, Pending pending, string code)
    {
        Result Failed(string why) => new(pending.Admin, pending.Pool, pending.ClientId, null, null, why);
        if (await applications.GetAsync(pending.Pool, pending.ClientId, http.RequestAborted) is not { } client)
            return Failed("invalid_client");
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["grant_type"] = GrantType.AuthorizationCode, ["code"] = code, ["redirect_uri"] = RedirectUri(issuer), ["code_verifier"] = pending.Verifier,
        });
        var (tokens, refused) = await grant.HandleAsync(pending.Pool, client, form, http.RequestAborted);
        if (tokens?.IdToken is not { } idToken || Payload(idToken) is not { } claims)
            return Failed(refused?.Error ?? "invalid_grant");
        if ((string?)claims["nonce"] != pending.Nonce)
            return Failed("the ID token's nonce is not the one sent");
        var (info, infoError) = await UserInfoEndpoint.ClaimsAsync(pending.Pool, tokens.AccessToken, userInfo, http.RequestAborted);
        return new Result(pending.Admin, pending.Pool, pending.ClientId, Pretty(claims), info is null ? infoError?.Error : Pretty(info), null);
    }

    // The ID token comes straight from the grant, in-process, so its payload is read without checking
    // the signature (OIDC Core §3.1.3.7), as the console's own sign-in does.
    private static JsonObject? Payload(string jwt) =>
        jwt.Split('.') is [_, var payload, _] ? JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload)) as JsonObject : null;

    private static string Pretty(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Admin(HttpContext http) => ConsoleSession.Current(http)!.Administrator.UserId;

    private static CookieOptions Cookie(HttpContext http, string path, SameSiteMode sameSite) => new()
    {
        HttpOnly = true, SameSite = sameSite, Secure = http.Request.IsHttps, Path = path, MaxAge = Lifetime, IsEssential = true,
    };
}
