namespace WeGate.Core.Audit;

// Who did what, how, from where, with which outcome and why (docs/admin-api.md#audit-events).
public sealed record AuditEvent
{
    public string Id { get; init; } = "";
    public required string Pool { get; init; }
    public required string Type { get; init; }
    public string? UserId { get; init; }
    public string? ConnectionSlug { get; init; }
    public string? ClientId { get; init; }
    public string? Actor { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public required string Outcome { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
}

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Failure = "failure";
}

public static class AuditEventType
{
    public const string AdminPoolCreated = "admin.pool.created";
    public const string AdminPoolUpdated = "admin.pool.updated";
    public const string AdminConnectionCreated = "admin.connection.created";
    public const string AdminConnectionUpdated = "admin.connection.updated";
    public const string AdminConnectionDeleted = "admin.connection.deleted";
    public const string AdminApplicationCreated = "admin.application.created";
    public const string AdminApplicationUpdated = "admin.application.updated";
    public const string AdminApplicationDeleted = "admin.application.deleted";
    public const string AdminApplicationSecretRotated = "admin.application.secret_rotated";
    public const string AdminWebhookCreated = "admin.webhook.created";
    public const string AdminWebhookUpdated = "admin.webhook.updated";
    public const string AdminWebhookDeleted = "admin.webhook.deleted";
    public const string AdminWebhookSecretRotated = "admin.webhook.secret_rotated";
    public const string AdminWebhookRedelivered = "admin.webhook.redelivered";
    public const string AdminWebhookTested = "admin.webhook.tested";
    public const string LoginCreated = "login.created";
    public const string LoginLinked = "login.linked";
    public const string LoginBackfilled = "login.backfilled";
    public const string LoginSelectAccount = "login.select_account";
    public const string LoginSelected = "login.selected";
    public const string LoginBound = "login.bound";
    // A phone or email the source vouched for at a sign-in belongs to another account: not attached.
    public const string LoginNotAttached = "login.not_attached";
    public const string AdminUserCreated = "admin.user.created";
    public const string AdminUserPasswordSet = "admin.user.password_set";
    public const string AdminUserBlocked = "admin.user.blocked";
    public const string AdminSigningKeyRotated = "admin.signing_key.rotated";
    public const string AdminUserUnblocked = "admin.user.unblocked";
    public const string AdminUserUpdated = "admin.user.updated";
    public const string AdminUserMerged = "admin.user.merged";
    public const string AdminUserIdentityUnlinked = "admin.user.identity_unlinked";
    public const string AdminUserAccessRevoked = "admin.user.access_revoked";
    public const string AdminAdministratorCreated = "admin.administrator.created";
    public const string AdminAdministratorRoleChanged = "admin.administrator.role_changed";
    public const string AdminAdministratorRemoved = "admin.administrator.removed";
}

public static class LoginEventType
{
    public const string SignedIn = "login.signed_in";
    public const string Failed = "login.failed";
    public const string Refused = "login.refused";
    public const string SignedOut = "login.signed_out";
}

public interface IAuditLog
{
    Task WriteAsync(AuditEvent e, CancellationToken ct = default);
    Task<IReadOnlyList<AuditEvent>> ListAsync(string pool, int limit, string? userId = null, CancellationToken ct = default);
}
