using Dapper;
using WeGate.Core.Audit;

namespace WeGate.Storage.Stores;

// GROUP BY in SQL, the same statement on SQLite and PostgreSQL: occurred_at is milliseconds since the
// epoch (BIGINT), so integer division by a day's milliseconds is the UTC day on both. The range on
// (pool, occurred_at) is the index audit_events_pool_time.
public sealed class AuditCounts(Database db) : IAuditCounts
{
    private const long DayMs = 86_400_000;

    public async Task<IReadOnlyList<DailyAuditCount>> ByDayAsync(string pool, AuditCountQuery query, CancellationToken ct = default)
    {
        var rows = await QueryAsync<DayRow>(
            $"""
            SELECT occurred_at / {DayMs} AS day, type, outcome, actor, connection_slug, COUNT(*) AS count FROM audit_events
            WHERE {Where(query)} GROUP BY occurred_at / {DayMs}, type, outcome, actor, connection_slug
            """, pool, query, ct);
        return rows.Select(r => new DailyAuditCount(DateOnly.FromDateTime(Epoch.At(r.Day * DayMs).UtcDateTime), r.Type, r.Outcome, r.Actor, r.ConnectionSlug, r.Count))
            .ToList();
    }

    public async Task<IReadOnlyList<ReasonAuditCount>> ByReasonAsync(string pool, AuditCountQuery query, CancellationToken ct = default)
    {
        var rows = await QueryAsync<ReasonRow>(
            $"SELECT reason, connection_slug, COUNT(*) AS count FROM audit_events WHERE {Where(query)} GROUP BY reason, connection_slug",
            pool, query, ct);
        return rows.Select(r => new ReasonAuditCount(r.Reason, r.ConnectionSlug, r.Count)).ToList();
    }

    // The types as one parameter each: Dapper hands a list to Npgsql as an array, which IN does not take.
    private static string Where(AuditCountQuery q) =>
        $"pool = @pool AND occurred_at >= @from AND occurred_at < @to AND type IN ({string.Join(", ", q.Types.Select((_, i) => "@type" + i))})"
        + (q.Outcome is null ? "" : " AND outcome = @outcome");

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, string pool, AuditCountQuery q, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        await using var c = await db.OpenReadAsync(ct);
        var args = new DynamicParameters(new { pool, from = Epoch.Ms(q.From), to = Epoch.Ms(q.To), outcome = q.Outcome });
        foreach (var (type, i) in q.Types.Select((t, i) => (t, i)))
            args.Add("type" + i, type);
        return await c.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private sealed class DayRow
    {
        public long Day { get; set; }
        public string Type { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string? Actor { get; set; }
        public string? ConnectionSlug { get; set; }
        public long Count { get; set; }
    }

    private sealed class ReasonRow
    {
        public string? Reason { get; set; }
        public string? ConnectionSlug { get; set; }
        public long Count { get; set; }
    }
}
