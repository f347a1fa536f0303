using WeGate.Storage.Migrations;

namespace WeGate.Server.Health;

public static class HealthEndpoints
{
    // /healthz: the process answers. /readyz: the database answers and its schema is the one this
    // build expects, so a load balancer sends traffic only to nodes that can serve it.
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" })).ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(Migrator migrator, ILogger<Migrator> logger, CancellationToken ct)
    {
        MigrationStatus status;
        try
        {
            status = await migrator.GetStatusAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning(e, "Readiness check: the database is unreachable");
            return Results.Json(new { status = "unready", reason = "database unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (!status.IsCurrent)
            return Results.Json(new { status = "unready", reason = $"database schema is at version {status.Current}, this WeGate expects {status.Latest}", status.Current, status.Latest },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        return Results.Ok(new { status = "ready", schema_version = status.Current });
    }
}
