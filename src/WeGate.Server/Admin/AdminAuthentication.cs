using WeGate.Core.Admin;
using WeGate.Core.Secrets;
using WeGate.Server.Api;
using WeGate.Server.Hosting;

namespace WeGate.Server.Admin;

// Admin API keys arrive as "Authorization: Bearer <key>". Keys made by WeGate ("wgk_…") are looked up
// by id and compared by hash in constant time; an operator's configured key is compared the same way.
// A key limited to some pools reaches only the routes of those pools, and the pool list shows only
// them; creating or deleting pools and managing admin keys need a key for every pool (docs/admin-api.md).
internal sealed class AdminAuthentication(IAdminKeyStore keys, ConfiguredAdminKey configured, TimeProvider clock, ILogger<AdminAuthentication> logger)
    : IEndpointFilter
{
    public const string ActorItem = "wegate.admin.actor";
    public const string PoolsItem = "wegate.admin.pools";
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = BearerToken(http.Request.Headers.Authorization.ToString());
        var (actor, pools) = presented is null ? (null, []) : await AuthenticateAsync(presented, http.RequestAborted);
        if (actor is null)
        {
            logger.LogWarning("Admin API request without a valid key from {Ip} to {Path}", http.Connection.RemoteIpAddress, http.Request.Path);
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized",
                presented is null
                    ? "Send an admin API key as 'Authorization: Bearer <key>'. Create one with `wegate admin-key create`."
                    : "The admin API key is not valid: it is unknown, revoked or mistyped.")
            {
                WwwAuthenticate = "Bearer realm=\"wegate-admin\"",
            };
        }
        http.Items[ActorItem] = actor;
        http.Items[PoolsItem] = pools;
        if (pools.Count > 0 && !ScopeAllows(http, pools))
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                $"This admin key is limited to the pool(s) {string.Join(", ", pools)}. Creating or deleting pools and managing admin keys need a key for every pool.");
        return await next(context);
    }

    // The pools a request's key is limited to; empty is every pool.
    public static IReadOnlyList<string> PoolsOf(HttpContext http) => http.Items[PoolsItem] as IReadOnlyList<string> ?? [];

    // The actor's name, or null when the key is not valid. Also used for the OpenAPI document outside Development.
    public async Task<(string? Actor, IReadOnlyList<string> Pools)> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (configured.Matches(presented))
            return ("admin-key:configured", []);
        var id = AdminKeys.ParseId(presented);
        if (id is null)
            return (null, []);
        var found = await keys.FindAsync(id, ct);
        if (found is not { } f || f.Key.Revoked || !SecretHash.Verify(presented, f.Hash))
            return (null, []);
        if (f.Key.LastUsedAt is null || clock.GetUtcNow() - f.Key.LastUsedAt > TouchInterval)
            await keys.TouchAsync(id, ct);
        return ("admin-key:" + id, f.Key.Pools);
    }

    public static string? BearerOf(HttpRequest request) => BearerToken(request.Headers.Authorization.ToString());

    private static bool ScopeAllows(HttpContext http, IReadOnlyList<string> pools)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        if (http.Request.RouteValues["pool"] is string pool)
            return pools.Contains(pool, StringComparer.Ordinal) && !(HttpMethods.IsDelete(http.Request.Method) && pattern == AdminApi.Prefix + "/pools/{pool}");
        return HttpMethods.IsGet(http.Request.Method) && pattern == AdminApi.Prefix + "/pools";
    }

    private static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
}

internal sealed class ConfiguredAdminKey(WeGateOptions options)
{
    public const int MinLength = 32;
    private readonly string? _hash = string.IsNullOrEmpty(options.Admin.ApiKey) ? null : SecretHash.Hash(options.Admin.ApiKey);

    public bool IsSet => _hash is not null;

    public bool Matches(string presented) => _hash is not null && SecretHash.Verify(presented, _hash);
}
