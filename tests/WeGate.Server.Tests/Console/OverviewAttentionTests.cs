using WeGate.Core.Audit;
using WeGate.Server.Console.Overview;

namespace WeGate.Server.Tests.Console;

// docs/console.md#overview: a signing key is due for rotation after 90 days of signing; the login type of an event.
public sealed class OverviewAttentionTests
{
    private sealed class NoEvents : IAuditCounts
    {
        public Task<IReadOnlyList<DailyAuditCount>> ByDayAsync(string pool, AuditCountQuery query, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<DailyAuditCount>>([]);

        public Task<IReadOnlyList<ReasonAuditCount>> ByReasonAsync(string pool, AuditCountQuery query, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<ReasonAuditCount>>([]);
    }

    [Fact]
    public async Task An_active_key_that_has_signed_for_more_than_90_days_is_due_and_a_next_or_younger_one_is_not()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var found = await Attention.FindAsync(new NoEvents(), "default",
        [
            new PublishedKeyAge("ES256", "old", "active", now.AddDays(-91)),
            new PublishedKeyAge("ES256", "waiting", "next", now.AddDays(-200)),
            new PublishedKeyAge("RS256", "young", "active", now.AddDays(-89)),
        ], now, CancellationToken.None);
        Assert.Equal([new Attention.KeyDue("ES256", "old", now.AddDays(-91), 91)], found);
    }

    [Theory]
    [InlineData("website-qr", "web", "website-qr")]
    [InlineData("password", null, "password")]
    [InlineData(null, "mp", "mp-qr")]
    [InlineData("administrator:a@example.com", "gone", "other")]
    public void The_login_type_is_the_actor_when_it_names_one_else_the_connections_type(string? actor, string? slug, string expected) =>
        Assert.Equal(expected, OverviewReport.LoginType(actor, slug, new Dictionary<string, string> { ["mp"] = "mp-qr" }));
}
