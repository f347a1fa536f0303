using Dapper;
using WeGate.Core.Audit;

namespace WeGate.Storage.Stores;

public sealed class AuditLog(Database db, TimeProvider clock) : IAuditLog
{
    private const int MaxTextLength = 512;

    public async Task WriteAsync(AuditEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var at = e.OccurredAt == default ? clock.GetUtcNow() : e.OccurredAt;
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_events (id, pool, type, user_id, connection_slug, client_id, actor, ip, user_agent, outcome, reason, occurred_at)
            VALUES (@id, @Pool, @Type, @UserId, @ConnectionSlug, @ClientId, @Actor, @Ip, @userAgent, @Outcome, @reason, @at)
            """,
            new
            {
                id = SortableId.New(at), e.Pool, e.Type, e.UserId, e.ConnectionSlug, e.ClientId, e.Actor, e.Ip,
                userAgent = Clip(e.UserAgent), e.Outcome, reason = Clip(e.Reason),
                at = Epoch.Ms(at),
            }, tx, cancellationToken: ct)), ct);
    }

    // The newest events, as the audit search reads them (AuditSearch).
    public Task<IReadOnlyList<AuditEvent>> ListAsync(string pool, int limit, string? userId = null, CancellationToken ct = default) =>
        new AuditSearch(db).SearchAsync(pool, new AuditFilter { UserId = userId, Limit = limit }, ct);

    private static string? Clip(string? s) => s is { Length: > MaxTextLength } ? s[..MaxTextLength] : s;
}
