using WeGate.Core.Audit;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Audit_counts_group_events_by_utc_day_type_outcome_actor_and_connection_within_the_range()
    {
        var pool = await NewPoolAsync();
        var log = new AuditLog(Db, Clock);
        var day1 = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        async Task Write(DateTimeOffset at, string type, string outcome, string? actor = null, string? slug = null, string? reason = null, string? p = null) =>
            await log.WriteAsync(new AuditEvent { Pool = p ?? pool, Type = type, Outcome = outcome, Actor = actor, ConnectionSlug = slug, Reason = reason, OccurredAt = at });
        await Write(day1.AddHours(1), "login.signed_in", "success", "website-qr", "web");
        await Write(day1.AddHours(23.99), "login.signed_in", "success", "website-qr", "web");
        await Write(day1.AddHours(8), "login.created", "success", "website-qr", "web");
        await Write(day1.AddDays(1), "login.signed_in", "success", "website-qr", "web");
        await Write(day1.AddDays(1).AddHours(2), "login.failed", "failure", "website-qr", "web", "code expired");
        await Write(day1.AddDays(1).AddHours(3), "login.failed", "failure", "website-qr", "web", "code expired");
        await Write(day1.AddDays(1).AddHours(4), "login.failed", "failure", "password", null, "wrong login or password");
        await Write(day1.AddDays(1).AddHours(5), "admin.user.created", "success");
        await Write(day1.AddDays(-1), "login.signed_in", "success", "website-qr", "web");
        await Write(day1.AddDays(2), "login.signed_in", "success", "website-qr", "web");
        await Write(day1.AddHours(1), "login.signed_in", "success", "website-qr", "web", p: await NewPoolAsync());

        var counts = new AuditCounts(Db);
        var query = new AuditCountQuery { Types = ["login.signed_in", "login.created", "login.failed"], From = day1, To = day1.AddDays(2) };
        var byDay = (await counts.ByDayAsync(pool, query)).OrderBy(c => c.Day).ThenBy(c => c.Type).ThenBy(c => c.Actor).ToList();

        var d1 = DateOnly.FromDateTime(day1.UtcDateTime);
        Assert.Equal(
            [
                new DailyAuditCount(d1, "login.created", "success", "website-qr", "web", 1),
                new DailyAuditCount(d1, "login.signed_in", "success", "website-qr", "web", 2),
                new DailyAuditCount(d1.AddDays(1), "login.failed", "failure", "password", null, 1),
                new DailyAuditCount(d1.AddDays(1), "login.failed", "failure", "website-qr", "web", 2),
                new DailyAuditCount(d1.AddDays(1), "login.signed_in", "success", "website-qr", "web", 1),
            ], byDay);

        var reasons = (await counts.ByReasonAsync(pool, query with { Outcome = "failure" })).OrderBy(r => r.Reason).ToList();
        Assert.Equal([new ReasonAuditCount("code expired", "web", 2), new ReasonAuditCount("wrong login or password", null, 1)], reasons);
        Assert.Empty(await counts.ByDayAsync(pool, query with { From = day1.AddDays(3), To = day1.AddDays(4) }));
    }
}
