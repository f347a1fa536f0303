using WeGate.Core.Applications;
using WeGate.Core.Pools;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Oidc.Discovery;

// OIDC Discovery 1.0 §3 and RFC 8414, per pool; JWKS (RFC 7517) with every published key.
internal static class DiscoveryEndpoint
{
    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] ResponseModes = ["query"];
    private static readonly string[] SubjectTypes = ["public"];
    private static readonly string[] SigningAlgorithms = [JwsAlgorithm.RS256, JwsAlgorithm.ES256];
    private static readonly string[] AuthMethods = ["client_secret_basic", "client_secret_post", "none"];
    private static readonly string[] ChallengeMethods = ["S256"];
    // consent is refused with consent_required (docs/oidc.md), so it is not advertised.
    private static readonly string[] PromptValues = ["none", "login", "select_account"];
    private static readonly string[] UiLocales = ["zh-CN", "en"];
    private static readonly string[] Claims =
    [
        "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "at_hash", "sid", "name", "nickname", "picture", "gender", "locale",
        "updated_at", "email", "email_verified", "phone_number", "phone_number_verified", "address", "wechat_unionid", "wechat_openids",
    ];

    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapGet("/.well-known/openid-configuration", ConfigurationAsync);
        pool.MapGet("/.well-known/jwks.json", JwksAsync);
    }

    private static async Task<IResult> ConfigurationAsync(string pool, IPoolStore pools, Issuer issuer, HttpContext http, CancellationToken ct)
    {
        if (await pools.GetAsync(pool, ct) is null)
            return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Of(pool),
            ["authorization_endpoint"] = issuer.Endpoint(pool, "oauth2/authorize"),
            ["token_endpoint"] = issuer.Endpoint(pool, "oauth2/token"),
            ["userinfo_endpoint"] = issuer.Endpoint(pool, "oauth2/userinfo"),
            ["jwks_uri"] = issuer.Endpoint(pool, ".well-known/jwks.json"),
            ["introspection_endpoint"] = issuer.Endpoint(pool, "oauth2/introspect"),
            ["revocation_endpoint"] = issuer.Endpoint(pool, "oauth2/revoke"),
            ["end_session_endpoint"] = issuer.Endpoint(pool, "oauth2/logout"),
            ["pushed_authorization_request_endpoint"] = issuer.Endpoint(pool, "oauth2/par"),
            ["require_pushed_authorization_requests"] = false,
            ["introspection_endpoint_auth_methods_supported"] = AuthMethods[..2],
            ["revocation_endpoint_auth_methods_supported"] = AuthMethods,
            ["scopes_supported"] = Scopes.Supported,
            ["response_types_supported"] = ResponseTypes,
            ["response_modes_supported"] = ResponseModes,
            ["grant_types_supported"] = GrantType.All,
            ["subject_types_supported"] = SubjectTypes,
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
            ["token_endpoint_auth_methods_supported"] = AuthMethods,
            ["code_challenge_methods_supported"] = ChallengeMethods,
            ["prompt_values_supported"] = PromptValues,
            ["claims_supported"] = Claims,
            ["ui_locales_supported"] = UiLocales,
            ["authorization_response_iss_parameter_supported"] = true,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["claims_parameter_supported"] = false,
        });
    }

    private static async Task<IResult> JwksAsync(string pool, IPoolStore pools, ISigningKeys keys, HttpContext http, CancellationToken ct)
    {
        if (await pools.GetAsync(pool, ct) is null)
            return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(await keys.GetJwksAsync(pool, ct), contentType: "application/jwk-set+json");
    }
}
