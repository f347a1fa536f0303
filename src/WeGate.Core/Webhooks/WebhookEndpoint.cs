namespace WeGate.Core.Webhooks;

// A subscription of one pool to some event types, delivered to one URL (docs/admin-api.md#webhooks).
// The signing secret is not here: it is stored encrypted and shown once, when made.
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }
    public required string Pool { get; init; }
    public required string Url { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<string> EventTypes { get; init; }
    public bool Enabled { get; init; } = true;
    // Set at the first failed attempt after a success, cleared by the next success.
    public DateTimeOffset? FailingSince { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public static class WebhookMessageState
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed];
}

// One event for one endpoint: the Standard Webhooks "message", whose id (webhook-id) stays the same
// however often it is tried.
public sealed record WebhookMessage
{
    public required string Id { get; init; }
    public required string WebhookId { get; init; }
    public required string Type { get; init; }
    public string? UserId { get; init; }
    public required string State { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

public sealed record WebhookAttempt
{
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public int DurationMs { get; init; }
    public string? Error { get; init; }
    public string? Response { get; init; }
}

// A message claimed for delivery by this node until LeaseUntil.
// PreviousSecret: the secret a rotation replaced, while it still signs.
public sealed record ClaimedMessage(string Id, string WebhookId, string Pool, string Url, byte[] Secret, byte[]? PreviousSecret, string Payload, int Attempts);

public sealed record AttemptResult(int? StatusCode, TimeSpan Duration, string? Error, string? Response)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
