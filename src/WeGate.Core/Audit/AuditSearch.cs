namespace WeGate.Core.Audit;

// Finding a pool's audit events (docs/admin-api.md#audit-events): every filter is optional, the newest
// come first, and Before (the id of the last event of the previous page) continues a listing.
public sealed record AuditFilter
{
    public const int MaxLimit = 1000;

    public string? UserId { get; init; }
    public string? ConnectionSlug { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Before { get; init; }
    public int Limit { get; init; } = 100;
}

public interface IAuditSearch
{
    Task<IReadOnlyList<AuditEvent>> SearchAsync(string pool, AuditFilter filter, CancellationToken ct = default);
}
