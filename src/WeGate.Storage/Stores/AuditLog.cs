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

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(string pool, int limit, string? userId = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var sql = "SELECT id, pool, type, user_id, connection_slug, client_id, actor, ip, user_agent, outcome, reason, occurred_at FROM audit_events WHERE pool = @pool"
            + (userId is null ? "" : " AND user_id = @userId") + " ORDER BY occurred_at DESC, id DESC LIMIT @limit";
        var rows = await c.QueryAsync<Row>(new CommandDefinition(sql, new { pool, userId, limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: ct));
        return rows.Select(r => new AuditEvent
        {
            Id = r.Id, Pool = r.Pool, Type = r.Type, UserId = r.UserId, ConnectionSlug = r.ConnectionSlug, ClientId = r.ClientId,
            Actor = r.Actor, Ip = r.Ip, UserAgent = r.UserAgent, Outcome = r.Outcome, Reason = r.Reason, OccurredAt = Epoch.At(r.OccurredAt),
        }).ToList();
    }

    private static string? Clip(string? s) => s is { Length: > MaxTextLength } ? s[..MaxTextLength] : s;

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string Type { get; set; } = "";
        public string? UserId { get; set; }
        public string? ConnectionSlug { get; set; }
        public string? ClientId { get; set; }
        public string? Actor { get; set; }
        public string? Ip { get; set; }
        public string? UserAgent { get; set; }
        public string Outcome { get; set; } = "";
        public string? Reason { get; set; }
        public long OccurredAt { get; set; }
    }
}
