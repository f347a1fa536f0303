using Dapper;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

// Audit retention (ExpiredAuditEvents): events older than the cut-off go, pool by pool, in batches; newer ones stay.
public abstract partial class StoreContract
{
    private async Task AuditEventAsync(string pool, string id, DateTimeOffset at)
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            "INSERT INTO audit_events (id, pool, type, outcome, occurred_at) VALUES (@id, @pool, 'login', 'success', @at)",
            new { id, pool, at = at.ToUnixTimeMilliseconds() });
    }

    [Fact]
    public async Task Audit_retention_deletes_events_older_than_the_cut_off_in_every_pool_in_batches_and_keeps_newer_ones()
    {
        var (a, b) = (await NewPoolAsync(), await NewPoolAsync());
        var cutOff = Clock.GetUtcNow().AddDays(-180);
        foreach (var pool in new[] { a, b })
        {
            for (var i = 0; i < 5; i++)
                await AuditEventAsync(pool, $"old-{pool}-{i}", cutOff.AddMinutes(-1 - i));
            await AuditEventAsync(pool, $"recent-{pool}", cutOff.AddMinutes(1));
            await AuditEventAsync(pool, $"today-{pool}", Clock.GetUtcNow());
        }

        // Batches of 2: each pool takes three rounds for its five old events.
        var deleted = await new ExpiredAuditEvents(Db, batchSize: 2).DeleteAsync(cutOff);

        // Other tests' old events may go too; these pools' ten are among those counted.
        Assert.True(deleted >= 10, $"{deleted} deleted");
        foreach (var pool in new[] { a, b })
            Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM audit_events WHERE pool = @pool", new { pool }));
        Assert.Equal(0, await new ExpiredAuditEvents(Db).DeleteAsync(cutOff));
    }
}
