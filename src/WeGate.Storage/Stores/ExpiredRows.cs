using Dapper;

namespace WeGate.Storage.Stores;

// Deletes rows that can never be used again: login requests, codes, tokens, sessions, tickets and
// auth_sessions whose expires_at has passed. Each table is cleared in batches of at most batchSize
// rows, so no statement holds locks for long; nodes sweeping at the same time only share the work.
public sealed class ExpiredRows(Database db, int batchSize = ExpiredRows.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1000;

    // Table and primary key. The expires_at of each is indexed (migrations 0001, 0007, 0008, 0009, 0010, 0011).
    private static readonly (string Table, string Key)[] Tables =
    [
        ("authorization_requests", "id"),
        ("authorization_codes", "code_hash"),
        ("refresh_tokens", "token_hash"),
        ("sessions", "id"),
        ("login_tickets", "id"),
        ("one_time_codes", "id"),
        ("auth_sessions", "handle_hash"),
        ("login_throttles", "login_key"),
        ("callback_nonces", "id"),
        ("one_time_code_failures", "recipient_key"),
    ];

    // Deletes the rows that expired before `before`; answers how many, per table that had any.
    public async Task<IReadOnlyDictionary<string, long>> DeleteAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        var deleted = new Dictionary<string, long>(StringComparer.Ordinal);
        var args = new { before = Epoch.Ms(before), batch = batchSize };
        foreach (var (table, key) in Tables)
        {
            var total = await UntilFewerAsync(db, $"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE expires_at < @before LIMIT @batch)",
                args, batchSize, ct);
            if (total > 0)
                deleted[table] = total;
        }
        return deleted;
    }

    // Runs a DELETE of at most `batch` rows (its @batch) through the writer until one deletes fewer;
    // answers how many in all.
    internal static async Task<long> UntilFewerAsync(Database db, string sql, object args, int batch, CancellationToken ct)
    {
        long total = 0;
        int n;
        do
        {
            n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)), ct);
            total += n;
        }
        while (n == batch);
        return total;
    }
}
