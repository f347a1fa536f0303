using System.Text.Json.Nodes;
using WeGate.Core.Authorization;
using WeGate.Core.Pools;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Clients;

namespace WeGate.Server.Oidc.Introspection;

// RFC 7662 introspection and RFC 7009 revocation. Both need an authenticated client. Introspection is for
// confidential clients (resource servers): access tokens of the pool, refresh tokens of the caller
// only. Revocation revokes the whole grant behind a token of the caller's own, since a JWT access
// token cannot be withdrawn alone; an unknown token is still a 200 (RFC 7009 §2.2).
internal static class IntrospectionEndpoints
{
    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapPost("/oauth2/introspect", IntrospectAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
        pool.MapPost("/oauth2/revoke", RevokeAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
    }

    // The caller's authentication, and where its tokens are found.
    internal readonly record struct Services(IPoolStore Pools, ClientAuthentication Clients, TokenLookup Lookup);

    private static async Task<IResult> IntrospectAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var (client, form, error) = await AuthenticateAsync(pool, http, services, ct);
        if (client is null)
            return error!;
        if (!client.Application.IsConfidential)
            return WeGateErrors.IntrospectionNeedsSecret.Error().ToJson(http);
        http.Response.Headers.CacheControl = "no-store";
        var found = await services.Lookup.FindAsync(pool, form!["token"].ToString(), form["token_type_hint"].ToString(), ct);
        if (found is null || (found.Kind == TokenLookup.RefreshTokenKind && found.ClientId != client.Application.ClientId))
            return Results.Json(new JsonObject { ["active"] = false });
        var body = found.AccessTokenClaims is { } claims
            ? (JsonObject)claims.DeepClone()
            : new JsonObject
            {
                ["sub"] = found.Refresh!.UserId, ["client_id"] = found.ClientId, ["scope"] = found.Refresh.Scope,
                ["exp"] = found.Refresh.ExpiresAt.ToUnixTimeSeconds(),
            };
        body["active"] = true;
        body["token_type"] = found.Kind == TokenLookup.AccessToken ? "Bearer" : "refresh_token";
        return Results.Json(body);
    }

    private static async Task<IResult> RevokeAsync(string pool, HttpContext http, [AsParameters] Services services, IGrantStore grants, CancellationToken ct)
    {
        var (client, form, error) = await AuthenticateAsync(pool, http, services, ct);
        if (client is null)
            return error!;
        var token = form!["token"].ToString();
        if (token.Length == 0)
            return WeGateErrors.IntrospectedTokenMissing.Error().ToJson(http);
        var hint = form["token_type_hint"].ToString();
        if (hint.Length > 0 && hint is not (TokenLookup.AccessToken or TokenLookup.RefreshTokenKind))
            return WeGateErrors.TokenTypeHintNotSupported.Error().ToJson(http);
        var found = await services.Lookup.FindAsync(pool, token, hint, ct);
        if (found is not null && found.ClientId == client.Application.ClientId)
            await grants.RevokeAsync(pool, found.GrantId, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }

    private static async Task<(AuthenticatedClient?, IFormCollection?, IResult?)> AuthenticateAsync(string pool, HttpContext http, Services services, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return (null, null, WeGateErrors.TokenRequestNotForm.Error().ToJson(http));
        if (await services.Pools.GetAsync(pool, ct) is null)
            return (null, null, WeGateErrors.UnknownPool.Error($"There is no pool '{pool}'").ToJson(http));
        var form = await http.Request.ReadFormAsync(ct);
        var (client, error) = await services.Clients.AuthenticateAsync(pool, http.Request, form, ct);
        return client is null ? (null, null, error!.ToJson(http)) : (client, form, null);
    }
}
