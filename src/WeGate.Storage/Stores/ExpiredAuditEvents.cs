using Dapper;

namespace WeGate.Storage.Stores;

// Deletes audit events that occurred before a cut-off (operations.md#audit-retention), pool by pool,
// in batches of at most batchSize rows, so a first pass over a large table never holds the SQLite
// writer (architecture.md#writes) or PostgreSQL row locks for long.
public sealed class ExpiredAuditEvents(Database db, int batchSize = ExpiredAuditEvents.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1000;

    // The pools that have events, one index probe each on audit_events_pool_time (migration 0001)
    // rather than a scan of the whole table: neither database skips through an index on its own.
    private const string PoolsSql = """
        WITH RECURSIVE p(pool) AS (
            SELECT MIN(pool) FROM audit_events
            UNION ALL
            SELECT (SELECT MIN(a.pool) FROM audit_events a WHERE a.pool > p.pool) FROM p WHERE p.pool IS NOT NULL)
        SELECT pool FROM p WHERE pool IS NOT NULL
        """;

    // Per pool, (pool, occurred_at) is the leading part of audit_events_pool_time: no further index is needed.
    private const string DeleteSql = """
        DELETE FROM audit_events WHERE id IN
            (SELECT id FROM audit_events WHERE pool = @pool AND occurred_at < @before LIMIT @batch)
        """;

    // Deletes the events that occurred before `before`; answers how many.
    public async Task<long> DeleteAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        List<string> pools;
        await using (var c = await db.OpenReadAsync(ct))
            pools = [.. await c.QueryAsync<string>(new CommandDefinition(PoolsSql, cancellationToken: ct))];
        long total = 0;
        foreach (var pool in pools)
            total += await ExpiredRows.UntilFewerAsync(db, DeleteSql, new { pool, before = Epoch.Ms(before), batch = batchSize }, batchSize, ct);
        return total;
    }
}
