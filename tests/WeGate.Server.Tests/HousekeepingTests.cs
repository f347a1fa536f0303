using Dapper;
using Microsoft.Extensions.Options;
using WeGate.Storage.Stores.Oidc;
using WeGate.Testing;

namespace WeGate.Server.Tests;

// The housekeeping service of a running server deletes what expired longer ago than the retention.
public sealed class HousekeepingTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task A_running_server_deletes_login_requests_that_expired_before_the_retention_and_keeps_newer_ones()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Housekeeping:IntervalSeconds"] = "1", ["WeGate:Housekeeping:RetentionHours"] = "1",
        });
        var requests = server.Service<AuthorizationRequestStore>();
        var now = DateTimeOffset.UtcNow;
        await requests.SaveAsync("hk-old", "default", "c", "{}", now.AddHours(-2));
        await requests.SaveAsync("hk-recent", "default", "c", "{}", now.AddMinutes(-30));

        var left = await RowsAsync();
        for (var i = 0; i < 100 && left.Contains("hk-old"); i++)
        {
            await Task.Delay(100);
            left = await RowsAsync();
        }
        Assert.Equal(["hk-recent"], left);
    }

    [Theory]
    [InlineData("WeGate:Housekeeping:IntervalSeconds", "-5", "WeGate:Housekeeping:IntervalSeconds must be 0 (off) or between 1 and 86400")]
    [InlineData("WeGate:Housekeeping:RetentionHours", "0", "WeGate:Housekeeping:RetentionHours must be between 1 and 8760")]
    public async Task A_wrong_housekeeping_setting_stops_the_start_with_the_setting_named(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> RowsAsync()
    {
        await using var c = await db.Database.OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT id FROM authorization_requests WHERE id LIKE 'hk-%' ORDER BY id")];
    }
}
