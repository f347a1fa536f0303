using Microsoft.AspNetCore.Mvc;
using WeGate.Core.Admin;
using WeGate.Core.Pools;
using WeGate.Server.Api;
using WeGate.Server.Hosting;

namespace WeGate.Server.Admin;

public static class AdminApi
{
    public const string Prefix = "/admin/api";

    public static void MapAdminApi(this IEndpointRouteBuilder app, WeGateOptions options)
    {
        var api = app.MapGroup(Prefix)
            .AddEndpointFilter<AdminAuthentication>()
            .WithMetadata(new RequestSizeLimitAttribute(options.Admin.MaxRequestBodyBytes))
            .RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.AdminPerIp)
            .WithTags("admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter(HideConsolePool);
        api.MapPoolEndpoints();
        api.MapAdminKeyEndpoints();
        var pool = api.MapGroup("/pools/{pool}");
        pool.MapConnectionEndpoints();
        pool.MapApplicationEndpoints();
        pool.MapUserEndpoints();
        pool.MapSigningKeyEndpoints();
        pool.MapWebhookEndpoints();
    }

    // The console's own pool is not reached through the admin API (docs/console.md#administrators).
    private static ValueTask<object?> HideConsolePool(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.RouteValues["pool"] as string == ConsolePool.Name
            ? throw ApiProblemException.NotFound($"There is no pool '{ConsolePool.Name}'. GET {Prefix}/pools lists the pools.")
            : next(context);

    internal static async Task<Pool> RequirePoolAsync(this IPoolStore pools, string pool, CancellationToken ct) =>
        (pool == ConsolePool.Name ? null : await pools.GetAsync(pool, ct)) ?? throw ApiProblemException.NotFound($"There is no pool '{pool}'. GET {Prefix}/pools lists the pools.");
}
