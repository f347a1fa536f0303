using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Keys;
using WeGate.Core.Sessions;
using WeGate.Core.Users;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Clients;
using WeGate.Server.Oidc.Discovery;
using WeGate.Server.Oidc.Keys;
using WeGate.Server.Oidc.Sessions;
using WeGate.Server.Oidc.Token;
using WeGate.Server.Oidc.UserInfo;
using WeGate.Server.Pages;
using WeGate.Storage.Caching;
using WeGate.Storage.Stores;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Oidc;

public static class OidcEndpoints
{
    public static void AddWeGateOidc(this IServiceCollection services, Hosting.WeGateOptions options)
    {
        services.AddSingleton<Cors.OidcCors>();
        RateLimits.OidcRateLimits.AddOidcRateLimits(services, options);
        services.AddSingleton<Issuer>();
        services.AddSingleton<IAuthorizationCodeStore, AuthorizationCodeStore>();
        services.AddSingleton<GrantStore>();
        services.AddSingleton<IGrantStore>(sp => new CachedGrantStore(sp.GetRequiredService<GrantStore>(), sp.GetRequiredService<ReadCache>()));
        services.AddSingleton<IRefreshTokenStore, RefreshTokenStore>();
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddSingleton<IPasswordStore, PasswordStore>();
        services.AddSingleton<ILoginThrottleStore, LoginThrottleStore>();
        services.AddSingleton<ISigningKeyStore, SigningKeyStore>();
        services.AddSingleton<ISigningKeys, SigningKeys>();
        services.AddSingleton<KeyRotation>();
        services.AddSingleton<ClientAuthentication>();
        services.AddSingleton<ClientRequests>();
        services.AddSingleton<SsoSessions>();
        services.AddSingleton<AuthorizationResponses>();
        services.AddSingleton<PushedRequests>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AuthorizationCodeGrant>();
        services.AddSingleton<RefreshTokenGrant>();
        services.AddSingleton<ClientCredentialsGrant>();
        services.AddSingleton<TokenExchangeGrant>();
        services.AddSingleton<Introspection.TokenLookup>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "wegate_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        // Everything the anti-forgery service logs is about a client's token, and a forged or stale
        // wegate_af cookie is logged as an error with a stack trace (TokenDeserializeException) although
        // the page answers it with a fresh token or a 400.
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Antiforgery", LogLevel.Critical, null)));
    }

    // Before routing: CORS answers preflight requests, which match no endpoint.
    public static void UseOidcCors(this IApplicationBuilder app) =>
        app.Use((http, next) => http.RequestServices.GetRequiredService<Cors.OidcCors>().InvokeAsync(http, next));

    public static void MapOidcEndpoints(this IEndpointRouteBuilder app)
    {
        var pool = app.MapGroup("/pools/{pool}").ExcludeFromDescription();
        DiscoveryEndpoint.Map(pool);
        AuthorizeEndpoint.Map(pool);
        PushedAuthorizationEndpoint.Map(pool);
        TokenEndpoint.Map(pool);
        UserInfoEndpoint.Map(pool);
        Introspection.IntrospectionEndpoints.Map(pool);
        Logout.EndSessionEndpoint.Map(pool);
    }
}
