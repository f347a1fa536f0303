using WeGate.Core.Applications;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Clients;

namespace WeGate.Server.Oidc.Token;

// POST /pools/{pool}/oauth2/token (RFC 6749 §3.2): authenticates the client, then hands the request
// to the grant it names. Every answer is no-store.
internal static class TokenEndpoint
{
    public static void Map(RouteGroupBuilder pool) =>
        pool.MapPost("/oauth2/token", HandleAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);

    // What the endpoint needs: the client's request, and one handler per grant.
    internal readonly record struct Services(ClientRequests Requests,
        AuthorizationCodeGrant AuthorizationCode, RefreshTokenGrant RefreshToken, ClientCredentialsGrant ClientCredentials, TokenExchangeGrant TokenExchange);

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var (request, rejected) = await services.Requests.ReadAsync(pool, http, WeGateErrors.TokenRequestNotForm, "RFC 6749 §3.2", ct);
        if (request is null)
            return rejected!;
        var (form, client) = (request.Form, request.Client);

        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
            return WeGateErrors.GrantTypeMissing.Error().ToJson(http);
        if (!GrantType.All.Contains(grantType, StringComparer.Ordinal))
            return WeGateErrors.GrantTypeNotSupported.Error($"grant_type '{grantType}' is not supported; use one of {string.Join(", ", GrantType.All)}").ToJson(http);
        if (!client.Application.Grants.Contains(grantType, StringComparer.Ordinal))
            return WeGateErrors.GrantTypeNotAllowed.Error($"This application is not allowed the {grantType} grant; an administrator can add it to the application's grants").ToJson(http);

        var (tokens, error) = grantType switch
        {
            GrantType.AuthorizationCode => await services.AuthorizationCode.HandleAsync(pool, client.Application, form, ct),
            GrantType.RefreshToken => await services.RefreshToken.HandleAsync(pool, client.Application, form, ct),
            GrantType.ClientCredentials => await services.ClientCredentials.HandleAsync(pool, client.Application, form, ct),
            _ => await services.TokenExchange.HandleAsync(pool, client.Application, form, http, ct),
        };
        return tokens is not null ? tokens.ToResult(http) : error!.ToJson(http);
    }
}
