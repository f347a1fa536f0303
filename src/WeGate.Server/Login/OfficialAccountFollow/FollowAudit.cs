using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Server.Api;

namespace WeGate.Server.Login.OfficialAccountFollow;

// Flow 1's own audit events. A push that fails its checks is not a login attempt (nobody is known
// yet), so it has its own type; a login that goes wrong after the push was accepted is login.failed.
internal sealed class FollowAudit(IAuditLog audit)
{
    public const string CallbackRejected = "wechat.callback.rejected";

    public Task RejectedAsync(Connection connection, HttpContext http, string reason) =>
        WriteAsync(connection, CallbackRejected, null, reason, AuditEvents.Ip(http), AuditEvents.UserAgent(http));

    // A login that failed or was refused before the account resolver (which audits its own outcomes).
    public Task FailedAsync(Connection connection, string? clientId, string reason, string? ip = null, string? userAgent = null) =>
        WriteAsync(connection, LoginEventType.Failed, clientId, reason, ip, userAgent);

    private Task WriteAsync(Connection connection, string type, string? clientId, string reason, string? ip, string? userAgent) =>
        audit.WriteAsync(new AuditEvent
        {
            Pool = connection.Pool, Type = type, Outcome = AuditOutcome.Failure, ConnectionSlug = connection.Slug, ClientId = clientId,
            Actor = ConnectionType.OfficialAccountFollow, Ip = ip, UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent, Reason = reason,
        }, CancellationToken.None);
}
