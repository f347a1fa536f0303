namespace WeGate.Core.Audit;

// Counting a pool's audit events for the console's overview (docs/console.md#overview): the database
// groups, so a busy pool's month is a few hundred rows, never its events.
public sealed record AuditCountQuery
{
    public required IReadOnlyCollection<string> Types { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Outcome { get; init; }
}

// Events of one UTC day with the same type, outcome, actor and connection.
public sealed record DailyAuditCount(DateOnly Day, string Type, string Outcome, string? Actor, string? ConnectionSlug, long Count);

// Events with the same reason and connection (the reason is null when none was written).
public sealed record ReasonAuditCount(string? Reason, string? ConnectionSlug, long Count);

public interface IAuditCounts
{
    Task<IReadOnlyList<DailyAuditCount>> ByDayAsync(string pool, AuditCountQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<ReasonAuditCount>> ByReasonAsync(string pool, AuditCountQuery query, CancellationToken ct = default);
}
