using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using WeGate.Core.Applications;

namespace WeGate.Server.Oidc.Cors;

// CORS for browser clients (docs/oidc.md#browser-clients-cors-and-rate-limits): the token, pushed authorization request, userinfo, revocation and introspection endpoints
// answer only origins that one of the pool's applications registered as a redirect URI; discovery and
// JWKS are public documents and answer every origin. Allowed origins are cached per pool for a minute.
internal sealed partial class OidcCors(IApplicationStore applications, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, HashSet<string> Origins)> _origins = new(StringComparer.Ordinal);

    [GeneratedRegex("^/pools/(?<pool>[a-z0-9-]{1,31})/(?<path>oauth2/(token|par|userinfo|revoke|introspect)|\\.well-known/(openid-configuration|jwks\\.json))$")]
    private static partial Regex CorsPath();

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var match = origin.Length == 0 ? null : CorsPath().Match(http.Request.Path.Value ?? "");
        if (match is not { Success: true })
        {
            await next(http);
            return;
        }
        var isPublic = match.Groups["path"].Value.StartsWith(".well-known", StringComparison.Ordinal);
        var allowed = isPublic || (await OriginsAsync(match.Groups["pool"].Value, http.RequestAborted)).Contains(origin);
        var headers = http.Response.Headers;
        if (allowed)
        {
            headers.AccessControlAllowOrigin = isPublic ? "*" : origin;
            headers.Vary = "Origin";
        }
        if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.AccessControlRequestMethod.Count > 0)
        {
            if (allowed)
            {
                headers.AccessControlAllowMethods = "GET, POST";
                headers.AccessControlAllowHeaders = "Authorization, Content-Type";
                headers.AccessControlMaxAge = "600";
            }
            http.Response.StatusCode = allowed ? StatusCodes.Status204NoContent : StatusCodes.Status403Forbidden;
            return;
        }
        await next(http);
    }

    private async Task<HashSet<string>> OriginsAsync(string pool, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_origins.TryGetValue(pool, out var cached) && cached.Until > now)
            return cached.Origins;
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var app in await applications.ListAsync(pool, ct))
        {
            foreach (var uri in app.RedirectUris)
            {
                if (Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
                    origins.Add(u.GetLeftPart(UriPartial.Authority));
            }
        }
        _origins[pool] = (now + CacheFor, origins);
        return origins;
    }
}
