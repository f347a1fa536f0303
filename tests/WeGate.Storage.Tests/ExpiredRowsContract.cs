using Dapper;
using WeGate.Core.Users;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

// Housekeeping (ExpiredRows): rows that expired before the cut-off go, in batches; the rest stay.
public abstract partial class StoreContract
{
    private static readonly string[] ExpiringTables =
        ["authorization_requests", "authorization_codes", "refresh_tokens", "sessions", "login_tickets", "one_time_codes", "auth_sessions"];

    // One row in every expiring table of `pool`, expiring at `expiresAt`; `tag` makes its keys unique.
    private async Task ExpiringRowsAsync(string pool, string userId, string tag, DateTimeOffset expiresAt)
    {
        var args = new { pool, userId, tag, now = Clock.GetUtcNow().ToUnixTimeMilliseconds(), expires = expiresAt.ToUnixTimeMilliseconds() };
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync("INSERT INTO authorization_requests (id, pool, client_id, parameters, created_at, expires_at) VALUES (@tag, @pool, 'c', '{}', @now, @expires)", args);
        await c.ExecuteAsync("""
            INSERT INTO authorization_codes (code_hash, pool, client_id, user_id, redirect_uri, scope, auth_time, amr, created_at, expires_at)
            VALUES (@tag, @pool, 'c', @userId, 'https://a.example/cb', 'openid', @now, 'pwd', @now, @expires)
            """, args);
        await c.ExecuteAsync("""
            INSERT INTO refresh_tokens (token_hash, pool, family_id, client_id, user_id, scope, created_at, expires_at)
            VALUES (@tag, @pool, @tag, 'c', @userId, 'openid', @now, @expires)
            """, args);
        await c.ExecuteAsync("""
            INSERT INTO sessions (id, pool, user_id, auth_time, amr, created_at, last_seen_at, expires_at)
            VALUES (@tag, @pool, @userId, @now, 'pwd', @now, @now, @expires)
            """, args);
        await c.ExecuteAsync("""
            INSERT INTO login_tickets (id, pool, connection_slug, state, created_at, updated_at, expires_at)
            VALUES (@tag, @pool, 'wx', 'pending', @now, @now, @expires)
            """, args);
        await c.ExecuteAsync("""
            INSERT INTO one_time_codes (id, pool, channel, recipient, purpose, code_hash, expires_at, created_at)
            VALUES (@tag, @pool, 'sms', '+8613800000000', 'bind', 'k0.x', @expires, @now)
            """, args);
        await c.ExecuteAsync("INSERT INTO auth_sessions (handle_hash, pool, client_id, payload, created_at, expires_at) VALUES (@tag, @pool, 'c', '{}', @now, @expires)", args);
    }

    [Fact]
    public async Task Housekeeping_deletes_every_kind_of_expired_row_in_batches_and_keeps_the_rest()
    {
        var pool = await NewPoolAsync();
        var user = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, []));
        var cutOff = Clock.GetUtcNow().AddHours(-24);
        for (var i = 0; i < 5; i++)
            await ExpiringRowsAsync(pool, user.Id, $"old-{pool}-{i}", cutOff.AddMinutes(-1 - i));
        await ExpiringRowsAsync(pool, user.Id, $"recent-{pool}", cutOff.AddMinutes(1));
        await ExpiringRowsAsync(pool, user.Id, $"live-{pool}", Clock.GetUtcNow().AddMinutes(10));

        // Batches of 2: each table takes three rounds for its five old rows.
        var deleted = await new ExpiredRows(Db, batchSize: 2).DeleteAsync(cutOff);

        foreach (var table in ExpiringTables)
        {
            // Other tests' rows may expire too; this pool's five are among those counted.
            Assert.True(deleted.TryGetValue(table, out var n) && n >= 5, $"{table}: {n} deleted");
            var left = (await CountAsync($"SELECT COUNT(*) FROM {table} WHERE pool = @pool", new { pool }));
            Assert.True(left == 2, $"{table}: {left} rows left, expected the recent and the live one");
        }
        Assert.Empty(await new ExpiredRows(Db).DeleteAsync(cutOff));
    }
}
