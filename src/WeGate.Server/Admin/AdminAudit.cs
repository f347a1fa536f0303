using WeGate.Core.Audit;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

internal static class AdminAudit
{
    public static Task WriteAsync(this IAuditLog log, HttpContext http, string pool, string type, string? connection = null, string? clientId = null, string? userId = null,
        string? reason = null) =>
        log.WriteAsync(AuditEvents.From(http, pool, type, AuditOutcome.Success) with
        {
            ConnectionSlug = connection, ClientId = clientId, UserId = userId, Actor = http.Items[AdminAuthentication.ActorItem] as string, Reason = reason,
        }, http.RequestAborted);
}
