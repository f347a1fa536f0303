using Dapper;
using WeGate.Core.Users;

namespace WeGate.Storage.Stores.Oidc;

// Failed password sign-ins per login name (migration 0009). A row is forgotten once expires_at passes.
public sealed class LoginThrottleStore(Database db, TimeProvider clock) : ILoginThrottleStore
{
    public async Task<LoginThrottle?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT failures, retry_at FROM login_throttles WHERE login_key = @key AND expires_at > @now",
            new { key, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        return row is null ? null : new LoginThrottle((int)row.Failures, Epoch.At(row.RetryAt));
    }

    public async Task<int> RecordFailureAsync(string key, TimeSpan window, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.WriteAsync((c, tx) => c.QuerySingleAsync<int>(new CommandDefinition(
            """
            INSERT INTO login_throttles (login_key, failures, retry_at, expires_at) VALUES (@key, 1, 0, @expires)
            ON CONFLICT (login_key) DO UPDATE SET
                failures = CASE WHEN login_throttles.expires_at <= @now THEN 1 ELSE login_throttles.failures + 1 END,
                retry_at = CASE WHEN login_throttles.expires_at <= @now THEN 0 ELSE login_throttles.retry_at END,
                expires_at = @expires
            RETURNING failures
            """, new { key, now = Epoch.Ms(now), expires = Epoch.Ms(now + window) }, tx, cancellationToken: ct)), ct);
    }

    public async Task DelayAsync(string key, DateTimeOffset retryAt, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE login_throttles SET retry_at = CASE WHEN retry_at < @retryAt THEN @retryAt ELSE retry_at END WHERE login_key = @key",
            new { key, retryAt = Epoch.Ms(retryAt) }, tx, cancellationToken: ct)), ct);
    }

    public async Task ClearAsync(IEnumerable<string> keys, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("DELETE FROM login_throttles WHERE login_key = @key", keys.Select(key => new { key }), tx, cancellationToken: ct)), ct);
    }

    private sealed class Row
    {
        public long Failures { get; set; }
        public long RetryAt { get; set; }
    }
}
