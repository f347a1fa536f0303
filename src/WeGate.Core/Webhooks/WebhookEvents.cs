using System.Text;
using System.Text.Json;
using WeGate.Core.Audit;

namespace WeGate.Core.Webhooks;

// The typed events a webhook endpoint subscribes to (docs/operations.md#webhooks), and the audit events
// they come from: an event is sent when, and only when, its audit event is recorded, in the same
// transaction (Storage's AuditLog writes both).
public static class WebhookEvents
{
    public const string UserCreated = "user.created";
    public const string UserSignedIn = "user.signed_in";
    public const string IdentityLinked = "identity.linked";
    public const string IdentityUnlinked = "identity.unlinked";
    public const string UsersMerged = "users.merged";
    public const string UserBlocked = "user.blocked";
    public const string UserUnblocked = "user.unblocked";
    public const string LoginRefused = "login.refused";

    // Sent only by the admin API's "send a test event", to the one endpoint it names.
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
        [UserCreated, UserSignedIn, IdentityLinked, IdentityUnlinked, UsersMerged, UserBlocked, UserUnblocked, LoginRefused];

    // In the order a receiver gets them: a new account is created, then signed in.
    private static readonly Dictionary<string, string[]> FromAudit = new(StringComparer.Ordinal)
    {
        [AuditEventType.LoginCreated] = [UserCreated, UserSignedIn],
        [AuditEventType.AdminUserCreated] = [UserCreated],
        [LoginEventType.SignedIn] = [UserSignedIn],
        [AuditEventType.LoginLinked] = [IdentityLinked, UserSignedIn],
        [AuditEventType.LoginBackfilled] = [IdentityLinked, UserSignedIn],
        [AuditEventType.LoginBound] = [IdentityLinked, UserSignedIn],
        [AuditEventType.LoginSelected] = [UserSignedIn],
        [AuditEventType.AdminUserIdentityUnlinked] = [IdentityUnlinked],
        [AuditEventType.AdminUserMerged] = [UsersMerged],
        [AuditEventType.AdminUserBlocked] = [UserBlocked],
        [AuditEventType.AdminUserUnblocked] = [UserUnblocked],
        [LoginEventType.Refused] = [LoginRefused],
    };

    public static IReadOnlyList<string> Of(string auditType) => FromAudit.TryGetValue(auditType, out var types) ? types : [];

    // The body sent, per the Standard Webhooks payload shape {type, timestamp, data}. Thin: identifiers and
    // the audit event's reason, never a profile, an address or a secret; a receiver that needs more asks
    // the admin API.
    public static string Payload(string type, AuditEvent e, DateTimeOffset at) => Write(type, at, w =>
    {
        w.WriteString("pool", e.Pool);
        Optional(w, "user_id", e.UserId);
        Optional(w, "connection", e.ConnectionSlug);
        Optional(w, "client_id", e.ClientId);
        Optional(w, "actor", e.Actor);
        Optional(w, "reason", e.Reason);
        w.WriteString("audit_event_id", e.Id);
        w.WriteString("audit_event_type", e.Type);
    });

    public static string TestPayload(string pool, string endpointId, DateTimeOffset at) => Write(Test, at, w =>
    {
        w.WriteString("pool", pool);
        w.WriteString("webhook_id", endpointId);
    });

    private static string Write(string type, DateTimeOffset at, Action<Utf8JsonWriter> data)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("data");
            data(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }
}
