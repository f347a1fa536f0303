using Dapper;

namespace WeGate.Storage.Stores.Oidc;

public sealed record StoredPassword(string Hash, int FailedAttempts, DateTimeOffset? LockedUntil);

// One hashed password per user, with the failure count that drives the lockout.
public sealed class PasswordStore(Database db, TimeProvider clock)
{
    public async Task SetAsync(string userId, string hash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO passwords (user_id, hash, failed_attempts, updated_at) VALUES (@userId, @hash, 0, @now)
            ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, failed_attempts = 0, locked_until = NULL, updated_at = excluded.updated_at
            """, new { userId, hash, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
    }

    public async Task<StoredPassword?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT hash, failed_attempts, locked_until FROM passwords WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return row is null ? null : new StoredPassword(row.Hash, (int)row.FailedAttempts, Epoch.At(row.LockedUntil));
    }

    // Counts a failure in one statement (no lost updates between racing attempts) and locks the
    // account for `lockout` once `maxAttempts` failures have accumulated.
    public async Task<StoredPassword?> RecordFailureAsync(string userId, int maxAttempts, TimeSpan lockout, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            UPDATE passwords SET failed_attempts = failed_attempts + 1,
                locked_until = CASE WHEN failed_attempts + 1 >= @maxAttempts THEN @until ELSE locked_until END
            WHERE user_id = @userId
            RETURNING hash, failed_attempts, locked_until
            """, new { userId, maxAttempts, until = Epoch.Ms(now + lockout) }, cancellationToken: ct));
        return row is null ? null : new StoredPassword(row.Hash, (int)row.FailedAttempts, Epoch.At(row.LockedUntil));
    }

    public async Task ResetFailuresAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE passwords SET failed_attempts = 0, locked_until = NULL WHERE user_id = @userId AND (failed_attempts > 0 OR locked_until IS NOT NULL)",
            new { userId }, cancellationToken: ct));
    }

    private sealed class Row
    {
        public string Hash { get; set; } = "";
        public long FailedAttempts { get; set; }
        public long? LockedUntil { get; set; }
    }
}
