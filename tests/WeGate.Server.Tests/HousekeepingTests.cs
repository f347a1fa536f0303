using Microsoft.Extensions.Options;
using Dapper;
using WeGate.Core.Authorization;
using WeGate.Storage.Stores.Oidc;
using WeGate.Testing;

namespace WeGate.Server.Tests;

// The housekeeping service of a running server deletes what expired longer ago than the retention.
public sealed class HousekeepingTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task A_running_server_deletes_login_requests_and_audit_events_older_than_their_retentions_and_keeps_newer_ones()
    {
        var clock = new TestClock();
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Housekeeping:IntervalSeconds"] = "600", ["WeGate:Housekeeping:RetentionHours"] = "1",
            ["WeGate:Housekeeping:AuditRetentionDays"] = "31",
            ["Logging:LogLevel:" + typeof(WeGate.Server.Hosting.Housekeeping).FullName] = "Information",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var requests = server.Service<IAuthorizationRequestStore>();
        var now = clock.GetUtcNow();
        await requests.SaveAsync("hk-old", "default", "c", "{}", now.AddHours(-1));
        await requests.SaveAsync("hk-recent", "default", "c", "{}", now.AddMinutes(-40));
        await AuditEventAsync("hk-old", now.AddDays(-31).AddMinutes(-1));
        await AuditEventAsync("hk-recent", now.AddDays(-30));
        await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["hk-old", "hk-recent"], await RowsAsync());

        // Ten minutes on: the first pass, whose cut-off (now - 1 h) is past hk-old only.
        clock.Advance(TimeSpan.FromMinutes(10));
        var pass = await server.Log.WaitForAsync(e => e.Message.StartsWith("Housekeeping deleted", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal("Housekeeping deleted expired rows: authorization_requests 1, audit_events 1", pass.Message);
        Assert.Equal(["hk-recent"], await RowsAsync());
        Assert.Equal(["hk-recent"], await AuditEventsAsync());
    }

    [Fact]
    public async Task An_audit_retention_of_0_keeps_every_audit_event()
    {
        var clock = new TestClock();
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Housekeeping:IntervalSeconds"] = "600", ["WeGate:Housekeeping:AuditRetentionDays"] = "0",
            ["Logging:LogLevel:" + typeof(WeGate.Server.Hosting.Housekeeping).FullName] = "Information",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        await server.Service<IAuthorizationRequestStore>().SaveAsync("hk0-old", "default", "c", "{}", clock.GetUtcNow().AddDays(-2));
        await AuditEventAsync("hk0-ancient", clock.GetUtcNow().AddDays(-3650));
        await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromMinutes(10));
        var pass = await server.Log.WaitForAsync(e => e.Message.StartsWith("Housekeeping deleted", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.DoesNotContain("audit_events", pass.Message, StringComparison.Ordinal);
        Assert.Contains("hk0-ancient", await AuditEventsAsync());
        await using var c = await db.Database.OpenAsync();
        await c.ExecuteAsync("DELETE FROM audit_events WHERE id = 'hk0-ancient'");
    }

    [Theory]
    [InlineData("WeGate:Housekeeping:IntervalSeconds", "-5", "WeGate:Housekeeping:IntervalSeconds must be 0 (off) or between 1 and 86400")]
    [InlineData("WeGate:Housekeeping:RetentionHours", "0", "WeGate:Housekeeping:RetentionHours must be between 1 and 8760")]
    [InlineData("WeGate:Housekeeping:AuditRetentionDays", "30", "WeGate:Housekeeping:AuditRetentionDays must be 0 (keep forever) or between 31 and 36500, since the console's Overview reads the last 30 days; it is 30.")]
    [InlineData("WeGate:Housekeeping:AuditRetentionDays", "-1", "WeGate:Housekeeping:AuditRetentionDays must be 0 (keep forever) or between 31 and 36500")]
    public async Task A_wrong_housekeeping_setting_stops_the_start_with_the_setting_named(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private async Task AuditEventAsync(string id, DateTimeOffset at)
    {
        await using var c = await db.Database.OpenAsync();
        await c.ExecuteAsync(
            "INSERT INTO audit_events (id, pool, type, outcome, occurred_at) VALUES (@id, 'default', 'login', 'success', @at)",
            new { id, at = at.ToUnixTimeMilliseconds() });
    }

    private async Task<List<string>> AuditEventsAsync()
    {
        await using var c = await db.Database.OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT id FROM audit_events WHERE id LIKE 'hk%' ORDER BY id")];
    }

    private async Task<List<string>> RowsAsync()
    {
        await using var c = await db.Database.OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT id FROM authorization_requests WHERE id LIKE 'hk-%' ORDER BY id")];
    }
}
