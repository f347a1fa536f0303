using System.Text;
using Dapper;
using WeGate.Core.Audit;

namespace WeGate.Storage.Stores;

// Ids sort by time (SortableId), so paging continues below the last id shown.
public sealed class AuditSearch(Database db) : IAuditSearch
{
    public async Task<IReadOnlyList<AuditEvent>> SearchAsync(string pool, AuditFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sql = new StringBuilder(
            "SELECT id, pool, type, user_id, connection_slug, client_id, actor, ip, user_agent, outcome, reason, occurred_at FROM audit_events WHERE pool = @pool");
        if (filter.UserId is not null)
            sql.Append(" AND user_id = @UserId");
        if (filter.ConnectionSlug is not null)
            sql.Append(" AND connection_slug = @ConnectionSlug");
        if (filter.Outcome is not null)
            sql.Append(" AND outcome = @Outcome");
        if (filter.From is not null)
            sql.Append(" AND occurred_at >= @from");
        if (filter.To is not null)
            sql.Append(" AND occurred_at < @to");
        if (filter.Before is not null)
            sql.Append(" AND id < @Before");
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(sql.ToString(), new
        {
            pool, filter.UserId, filter.ConnectionSlug, filter.Outcome, filter.Before,
            from = filter.From is { } f ? Epoch.Ms(f) : 0, to = filter.To is { } t ? Epoch.Ms(t) : 0,
            limit = Math.Clamp(filter.Limit, 1, AuditFilter.MaxLimit),
        }, cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

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

        public AuditEvent ToEvent() => new()
        {
            Id = Id, Pool = Pool, Type = Type, UserId = UserId, ConnectionSlug = ConnectionSlug, ClientId = ClientId, Actor = Actor, Ip = Ip,
            UserAgent = UserAgent, Outcome = Outcome, Reason = Reason, OccurredAt = Epoch.At(OccurredAt),
        };
    }
}
