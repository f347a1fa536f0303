using Microsoft.Extensions.Primitives;
using WeGate.Core.Applications;
using WeGate.Core.Pools;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Sessions;
using WeGate.Server.Pages;

namespace WeGate.Server.Oidc.Authorize;

// GET/POST /pools/{pool}/oauth2/authorize (OIDC Core §3.1.2). Until the client and its redirect URI
// are verified, errors are shown on a page and never redirected (RFC 9700 §4.11: no open redirector).
internal static class AuthorizeEndpoint
{
    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapGet("/oauth2/authorize", AuthorizeAsync).RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
        pool.MapPost("/oauth2/authorize", AuthorizeFormAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
    }

    // The pool and application the request names, the answers to it, and the session and interaction
    // that decide which answer.
    internal readonly record struct Services(IPoolStore Pools, IApplicationStore Applications, AuthorizationResponses Responses, IInteraction Interaction,
        SsoSessions Sessions, PushedRequests Pushed, TimeProvider Clock);

    private static Task<IResult> AuthorizeAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct) =>
        HandleAsync(pool, http, services, http.Request.Query, ct);

    private static async Task<IResult> AuthorizeFormAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : FormCollection.Empty;
        return await HandleAsync(pool, http, services, form, ct);
    }

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, Services services, IEnumerable<KeyValuePair<string, StringValues>> parameters,
        CancellationToken ct, bool pushed = false)
    {
        // RFC 6749 §3.1: a parameter sent more than once is an error. A repeated value counts as absent
        // below; which names were repeated decides the answer once the client and redirect URI are known.
        var all = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string? get(string name) => all.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
        var repeated = all.Where(p => p.Value.Count > 1).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (repeated.Contains("client_id") || repeated.Contains("redirect_uri"))
            return Page.Error(http, Texts.For(get("ui_locales"), http.Request), Repeated(repeated));
        var texts = Texts.For(get("ui_locales"), http.Request);
        if (await services.Pools.GetAsync(pool, ct) is null)
            return Page.Error(http, texts, WeGateErrors.UnknownPool.Error($"There is no pool '{pool}'"));
        // RFC 9126 §4: the pushed parameters stand for the whole request; the query's others are ignored.
        // Whatever was pushed is checked again below: the application may have changed since.
        if (!pushed && get("request_uri") is { } requestUri && get("request") is null)
        {
            return await services.Pushed.TakeAsync(pool, requestUri, get("client_id"), ct) is { } pushedParameters
                ? await HandleAsync(pool, http, services, pushedParameters, ct, pushed: true)
                : Page.Error(http, texts, WeGateErrors.RequestUriInvalid.Error());
        }
        var clientId = get("client_id");
        var app = clientId is null || clientId.Length > 256 ? null : await services.Applications.GetAsync(pool, clientId, ct);
        if (app is null || !app.Enabled)
            return Page.Error(http, texts, clientId is null ? WeGateErrors.ClientIdMissing.Error() : WeGateErrors.UnknownApplication.Error($"There is no enabled application '{clientId}' in this pool"));
        var redirectUri = get("redirect_uri");
        // RFC 9700 §4.1.3: exact string comparison, no prefix or pattern matching; only a native app's
        // loopback redirect may name another port (RFC 8252 §7.3).
        if (redirectUri is null || !ApplicationRules.IsRegisteredRedirect(app, redirectUri))
            return Page.Error(http, texts, (redirectUri is null ? WeGateErrors.RedirectUriMissing : WeGateErrors.RedirectUriNotRegistered).Error());

        var responses = services.Responses;
        if (repeated.Count > 0)
            return responses.Error(pool, redirectUri, get("state"), Repeated(repeated));
        var (request, error) = AuthorizationRequestParser.Parse(get, app, redirectUri, pushed);
        if (error is not null)
            return responses.Error(pool, redirectUri, get("state"), error);
        // WeGate has no consent screen: every application is registered by the pool's administrator and
        // trusted (docs/oidc.md). Rather than issue a code the client asked to be consented, say so.
        if (request!.HasPrompt("consent"))
            return responses.Error(pool, redirectUri, request.State, WeGateErrors.ConsentNotAsked.Error());

        // A token-exchange login handing the person over to the account pages (docs/oidc.md); a signed-in
        // session in this browser does not answer for the WeChat user who must choose.
        var interaction = services.Interaction;
        if (get(IInteraction.AuthSessionParameter) is { } handle)
            return await interaction.HandOffAsync(http, pool, app, request!, handle, ct);

        var session = await services.Sessions.CurrentAsync(http, pool, ct);
        var fresh = session is not null && session.IsFreshFor(request!.MaxAge, services.Clock.GetUtcNow());
        if (request!.HasPrompt("none"))
        {
            return fresh
                ? await responses.CodeAsync(pool, request, session!, ct)
                : responses.Error(pool, redirectUri, request.State, WeGateErrors.LoginRequired.Error());
        }
        if (fresh && !request.HasPrompt("login") && !request.HasPrompt("select_account"))
            return await responses.CodeAsync(pool, request, session!, ct);

        return await interaction.SignInAsync(http, pool, request, ct);
    }

    private static OAuthError Repeated(List<string> names) =>
        WeGateErrors.ParameterRepeated.Error($"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} repeated; send each parameter once (RFC 6749 §3.1)");
}
