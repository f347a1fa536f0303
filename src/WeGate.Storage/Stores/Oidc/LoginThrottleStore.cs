using Dapper;

namespace WeGate.Storage.Stores.Oidc;

// Failed password sign-ins per login name, whether or not an account has that name, so that the
// answers never tell which accounts exist (migration 0009). The key is a hash of the pool and the
// login; the login itself is never stored. A row is forgotten once expires_at passes.
public sealed record LoginThrottle(int Failures, DateTimeOffset RetryAt);

public sealed class LoginThrottleStore(Database db, TimeProvider clock)
{
    // The login's failures in the window, with when it may next be tried; null when it has none.
    public async Task<LoginThrottle?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT failures, retry_at FROM login_throttles WHERE login_key = @key AND expires_at > @now",
            new { key, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        return row is null ? null : new LoginThrottle((int)row.Failures, Epoch.At(row.RetryAt));
    }

    // Counts one failure in one statement (racing failures all count); a row whose window has passed
    // starts again from one. Answers the number of failures in the window.
    public async Task<int> RecordFailureAsync(string key, TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<int>(new CommandDefinition(
            """
            INSERT INTO login_throttles (login_key, failures, retry_at, expires_at) VALUES (@key, 1, 0, @expires)
            ON CONFLICT (login_key) DO UPDATE SET
                failures = CASE WHEN login_throttles.expires_at <= @now THEN 1 ELSE login_throttles.failures + 1 END,
                retry_at = CASE WHEN login_throttles.expires_at <= @now THEN 0 ELSE login_throttles.retry_at END,
                expires_at = @expires
            RETURNING failures
            """, new { key, now = Epoch.Ms(now), expires = Epoch.Ms(now + window) }, cancellationToken: ct));
    }

    // Makes the login wait until retryAt; a later wait already set stands.
    public async Task DelayAsync(string key, DateTimeOffset retryAt, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE login_throttles SET retry_at = CASE WHEN retry_at < @retryAt THEN @retryAt ELSE retry_at END WHERE login_key = @key",
            new { key, retryAt = Epoch.Ms(retryAt) }, cancellationToken: ct));
    }

    public async Task ClearAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM login_throttles WHERE login_key = @key", keys.Select(key => new { key }), cancellationToken: ct));
    }

    private sealed class Row
    {
        public long Failures { get; set; }
        public long RetryAt { get; set; }
    }
}
