using WeGate.Core.Admin;
using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Core.Validation;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

internal static class PoolEndpoints
{
    public sealed record PoolRequest(string? Name, string? DisplayName);

    public static void MapPoolEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/pools", ListAsync).Produces<IEnumerable<Pool>>().WithSummary("List pools");
        api.MapPost("/pools", CreateAsync).Produces<Pool>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a pool");
        api.MapGet("/pools/{pool}", GetAsync).Produces<Pool>().WithSummary("Get a pool");
        api.MapPut("/pools/{pool}", UpdateAsync).Produces<Pool>().WithSummary("Update a pool");
        // A pool's audit events go with it; the deletion itself is logged, so that a pool created
        // later under the same name does not start with someone else's history.
        api.MapDelete("/pools/{pool}", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithSummary("Delete a pool and everything in it");
    }

    private static async Task<IResult> ListAsync(IPoolStore pools, HttpContext http, CancellationToken ct) => Results.Ok(await ListVisibleAsync(pools, http, ct));

    // The pools this request may see: never the console's own (ConsolePool), only those of a limited key.
    internal static async Task<IEnumerable<Pool>> ListVisibleAsync(IPoolStore pools, HttpContext http, CancellationToken ct)
    {
        var scope = AdminAuthentication.PoolsOf(http);
        return (await pools.ListAsync(ct)).Where(p => p.Name != ConsolePool.Name && (scope.Count == 0 || scope.Contains(p.Name, StringComparer.Ordinal)));
    }

    private static async Task<IResult> CreateAsync(JsonBody<PoolRequest> body, IPoolStore pools, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var created = await CreatePoolAsync(body.Value, pools, audit, http, ct);
        return Results.Created($"{AdminApi.Prefix}/pools/{created.Name}", created);
    }

    // The admin API and the console create and change pools here (docs/console.md#one-implementation-two-surfaces).
    internal static async Task<Pool> CreatePoolAsync(PoolRequest r, IPoolStore pools, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!Slug.IsValid(r.Name))
            errors.Add("name", "must be " + Slug.Rule);
        var displayName = r.DisplayName ?? r.Name ?? "";
        errors.MaxLength("display_name", displayName, Pool.DisplayNameMaxLength);
        errors.ThrowIfAny();
        if (!await pools.CreateAsync(r.Name!, displayName, ct))
            throw ApiProblemException.Conflict($"A pool named '{r.Name}' exists already.");
        await audit.WriteAsync(http, r.Name!, AuditEventType.AdminPoolCreated);
        return (await pools.GetAsync(r.Name!, ct))!;
    }

    private static async Task<IResult> GetAsync(string pool, IPoolStore pools, CancellationToken ct) =>
        Results.Ok(await pools.RequirePoolAsync(pool, ct));

    private static async Task<IResult> UpdateAsync(string pool, JsonBody<PoolRequest> body, IPoolStore pools, IAuditLog audit, HttpContext http,
        CancellationToken ct) => Results.Ok(await UpdatePoolAsync(pool, body.Value, pools, audit, http, ct));

    internal static async Task<Pool> UpdatePoolAsync(string pool, PoolRequest r, IPoolStore pools, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (r.Name is not null && r.Name != pool)
            errors.Add("name", "cannot change: a pool's name is part of its issuer URL");
        errors.Required("display_name", r.DisplayName);
        errors.MaxLength("display_name", r.DisplayName, Pool.DisplayNameMaxLength);
        errors.ThrowIfAny();
        await pools.RequirePoolAsync(pool, ct);
        await pools.UpdateAsync(pool, r.DisplayName!, ct);
        await audit.WriteAsync(http, pool, AuditEventType.AdminPoolUpdated);
        return (await pools.GetAsync(pool, ct))!;
    }

    private static async Task<IResult> DeleteAsync(string pool, IPoolStore pools, HttpContext http, ILogger<PoolRequest> logger, CancellationToken ct)
    {
        await DeletePoolAsync(pool, pools, http, logger, ct);
        return Results.NoContent();
    }

    // The admin API and the console delete a pool here: never the console's own, and logged rather than
    // audited, since the pool's audit log goes with it (docs/admin-api.md#pools).
    internal static async Task DeletePoolAsync(string pool, IPoolStore pools, HttpContext http, ILogger logger, CancellationToken ct)
    {
        if (pool == ConsolePool.Name || !await pools.DeleteAsync(pool, ct))
            throw ApiProblemException.NotFound($"There is no pool '{pool}'.");
        logger.LogWarning("Pool {Pool} and everything in it was deleted by {Actor}", pool, http.Items[AdminAuthentication.ActorItem]);
    }
}
