using WeGate.Core.Applications;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Clients;

namespace WeGate.Server.Oidc.Authorize;

// POST /pools/{pool}/oauth2/par (RFC 9126): the client posts the parameters of its authorization request
// and gets a request_uri for the authorization endpoint. They are checked here exactly as the
// authorization endpoint checks them, and every error is answered as JSON (RFC 9126 §2.3), since nothing
// has reached the browser yet. The embedded QR login starts here (docs/oidc.md#embedded-qr-login).
internal static class PushedAuthorizationEndpoint
{
    public static void Map(RouteGroupBuilder pool) =>
        pool.MapPost("/oauth2/par", HandleAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);

    internal readonly record struct Services(ClientRequests Requests, PushedRequests Pushed);

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var (request, rejected) = await services.Requests.ReadAsync(pool, http, WeGateErrors.PushedRequestNotForm, "RFC 9126 §2.1", ct);
        if (request is null)
            return rejected!;
        var form = request.Form;
        if (form.ContainsKey("request_uri"))
            return WeGateErrors.PushedRequestUri.Error().ToJson(http);

        string? get(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var app = request.Application;
        var redirectUri = get("redirect_uri");
        if (redirectUri is null || !ApplicationRules.IsRegisteredRedirect(app, redirectUri))
            return (redirectUri is null ? WeGateErrors.RedirectUriMissing : WeGateErrors.RedirectUriNotRegistered).Error().ToJson(http);
        var (_, error) = AuthorizationRequestParser.Parse(get, app, redirectUri, pushed: true);
        if (error is not null)
            return error.ToJson(http);

        // The client_id of an authenticated client, also when it came in the Authorization header.
        var parameters = form.Where(p => p.Key != "client_secret").Append(new("client_id", app.ClientId))
            .GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last());
        var requestUri = await services.Pushed.PushAsync(pool, app.ClientId, parameters, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object> { ["request_uri"] = requestUri, ["expires_in"] = (int)PushedRequests.Lifetime.TotalSeconds },
            statusCode: StatusCodes.Status201Created);
    }
}
