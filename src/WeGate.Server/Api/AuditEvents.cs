using WeGate.Core.Audit;

namespace WeGate.Server.Api;

// An audit event about a request, with where it came from (docs/admin-api.md#audit-events); the caller
// completes it with `with { … }`. The user agent is kept as sent, empty when there was none.
internal static class AuditEvents
{
    public static AuditEvent From(HttpContext http, string pool, string type, string outcome) => new()
    {
        Pool = pool, Type = type, Outcome = outcome, Ip = Ip(http), UserAgent = UserAgent(http),
    };

    public static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static string UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString();
}
