using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Sessions;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Keys;
using WeGate.Server.Oidc.Sessions;
using WeGate.Server.Pages;

namespace WeGate.Server.Oidc.Logout;

// OpenID Connect RP-Initiated Logout 1.0 at /pools/{pool}/oauth2/logout. The person is sent back only
// to a post_logout_redirect_uri registered exactly for the client (no open redirect). The person
// confirms first unless id_token_hint is an ID token of this very session (its sid, or its sub when it
// has no sid): another person's ID token, another session's, or an access token found anywhere would
// otherwise let a link on another site sign them out (OpenID Connect RP-Initiated Logout 1.0 §2, §4).
internal static class EndSessionEndpoint
{
    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapGet("/oauth2/logout", LogoutAsync);
        pool.MapPost("/oauth2/logout", ConfirmedLogoutAsync).DisableAntiforgery();
    }

    // The hint's signature, the client's registered redirects, the session, the audit log and the
    // confirmation form's anti-forgery token.
    internal readonly record struct Services(ISigningKeys Keys, Issuer Issuer, IApplicationStore Applications, SsoSessions Sessions, IAuditLog Audit,
        IAntiforgery Antiforgery);

    private static Task<IResult> LogoutAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct) =>
        HandleAsync(pool, http, services, name => Single(http.Request.Query[name]), confirmed: false, ct);

    private static async Task<IResult> ConfirmedLogoutAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var confirmed = form["confirm"] == "yes" && !await Page.IsForgedAsync(http);
        return await HandleAsync(pool, http, services, name => Single(form[name]), confirmed, ct);
    }

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, Services services, Func<string, string?> get, bool confirmed, CancellationToken ct)
    {
        var texts = Texts.For(get("ui_locales"), http.Request);
        var hint = get("id_token_hint");
        // ID tokens carry typ JWT; access tokens at+jwt (TokenIssuer), so an access token is no hint.
        var check = hint is null ? null
            : await services.Keys.ValidateAsync(pool, hint, services.Issuer.Of(pool), expectedTyp: "JWT", ct);
        var payload = check is { Valid: true, Payload: { } p } && p.ContainsKey("azp") ? p : null;
        var hinted = payload is null ? null : (string?)payload["aud"];
        var clientId = get("client_id") ?? hinted;
        if (get("client_id") is { } named && hinted is not null && named != hinted)
            return Page.Error(http, texts, WeGateErrors.LogoutClientMismatch.Error());

        var redirect = get("post_logout_redirect_uri");
        if (redirect is not null)
        {
            var app = clientId is null || clientId.Length > 256 ? null : await services.Applications.GetAsync(pool, clientId, ct);
            if (app is null)
                return Page.Error(http, texts, WeGateErrors.LogoutRedirectNeedsClient.Error());
            if (!app.PostLogoutRedirectUris.Contains(redirect, StringComparer.Ordinal))
                return Page.Error(http, texts, WeGateErrors.LogoutRedirectNotRegistered.Error());
        }

        var sessions = services.Sessions;
        var session = await sessions.CurrentAsync(http, pool, ct);
        if (!confirmed && (payload is null || (session is not null && !IsOf(payload, session))))
            return Confirm(http, services.Antiforgery, texts, pool, get, redirect, clientId);

        await sessions.EndAsync(http, pool, ct);
        if (session is not null)
        {
            await services.Audit.WriteAsync(AuditEvents.From(http, pool, LoginEventType.SignedOut, AuditOutcome.Success) with
            {
                UserId = session.UserId, ClientId = clientId,
            }, ct);
        }
        if (redirect is null)
            return Page.Html(http, texts, texts["logout_title"], $"<h1>{Page.Encode(texts["signed_out"])}</h1>");
        var state = get("state");
        return new SeeOther(state is null ? redirect : QueryHelpers.AddQueryString(redirect, "state", state));
    }

    private static bool IsOf(System.Text.Json.Nodes.JsonObject idToken, SsoSession session) =>
        idToken["sid"] is { } sid ? (string?)sid == session.Id : (string?)idToken["sub"] == session.UserId;

    private static IResult Confirm(HttpContext http, IAntiforgery antiforgery, Texts texts, string pool, Func<string, string?> get, string? redirect, string? clientId)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = string.Concat(new[] { ("post_logout_redirect_uri", redirect), ("client_id", clientId), ("state", get("state")), ("ui_locales", get("ui_locales")) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"<input type=\"hidden\" name=\"{p.Item1}\" value=\"{Page.Encode(p.Item2)}\">"));
        return Page.Html(http, texts, texts["logout_title"], $"""
            <h1>{Page.Encode(texts["logout_title"])}</h1>
            <p class="sub">{Page.Encode(texts["logout_confirm"])}</p>
            <form method="post" action="/pools/{Page.Encode(pool)}/oauth2/logout">
            <input type="hidden" name="confirm" value="yes">
            <input type="hidden" name="{Page.Encode(tokens.FormFieldName)}" value="{Page.Encode(tokens.RequestToken)}">
            {hidden}
            <button type="submit">{Page.Encode(texts["logout_button"])}</button>
            </form>
            """);
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;
}
