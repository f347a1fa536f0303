using WeGate.Core.Audit;

namespace WeGate.Server.Admin;

internal static class AdminAudit
{
    public static Task WriteAsync(this IAuditLog log, HttpContext http, string pool, string type, string? connection = null, string? clientId = null, string? userId = null,
        string? reason = null) =>
        log.WriteAsync(new AuditEvent
        {
            Pool = pool,
            Type = type,
            ConnectionSlug = connection,
            ClientId = clientId,
            UserId = userId,
            Actor = http.Items[AdminAuthentication.ActorItem] as string,
            Ip = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString(),
            Outcome = AuditOutcome.Success,
            Reason = reason,
        }, http.RequestAborted);
}
