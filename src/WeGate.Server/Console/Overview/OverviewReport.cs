using WeGate.Core.Audit;
using WeGate.Core.Connections;

namespace WeGate.Server.Console.Overview;

// What the overview shows (docs/console.md#overview), counted from the audit log by the database
// (IAuditCounts): logins per UTC day by login type and outcome, new users per day, failures by reason.
internal sealed record OverviewReport(
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<TypeSeries> SignInsByType,
    IReadOnlyList<TypeSeries> FailuresByType,
    long[] NewUsers,
    IReadOnlyList<(string Reason, long Count)> FailureReasons)
{
    public const int TopReasons = 8;

    // One login ends in exactly one of these (login.selected and login.bound are followed by one of the
    // sign-in events, login.select_account is a question): docs/admin-api.md#audit-events.
    public static readonly string[] SignInTypes =
        [LoginEventType.SignedIn, AuditEventType.LoginCreated, AuditEventType.LoginLinked, AuditEventType.LoginBackfilled];

    public static readonly string[] FailureTypes = [LoginEventType.Failed, LoginEventType.Refused];

    public static readonly string[] NewUserTypes = [AuditEventType.LoginCreated, AuditEventType.AdminUserCreated];

    // Login types beside the seven connection types: WeGate's own sign-ins, written as the actor of
    // their events; "other" for an event that names neither (written before the actor was).
    public static readonly string[] LocalTypes = ["password", "sms", "email"];
    public const string OtherType = "other";

    public long TotalSignIns => SignInsByType.Sum(s => s.Counts.Sum());
    public long TotalFailures => FailuresByType.Sum(s => s.Counts.Sum());
    public long TotalNewUsers => NewUsers.Sum();

    public static async Task<OverviewReport> CountAsync(IAuditCounts counts, string pool, IReadOnlyDictionary<string, string> connectionTypes,
        DateOnly firstDay, int days, CancellationToken ct)
    {
        var dayList = Enumerable.Range(0, days).Select(firstDay.AddDays).ToList();
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var query = new AuditCountQuery { Types = [.. SignInTypes, .. FailureTypes, AuditEventType.AdminUserCreated], From = from, To = from.AddDays(days) };
        var byDay = await counts.ByDayAsync(pool, query, ct);
        var reasons = await counts.ByReasonAsync(pool, query with { Types = FailureTypes, Outcome = AuditOutcome.Failure }, ct);

        List<TypeSeries> Series(IEnumerable<DailyAuditCount> rows)
        {
            var series = new Dictionary<string, long[]>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                var type = LoginType(r.Actor, r.ConnectionSlug, connectionTypes);
                if (!series.TryGetValue(type, out var values))
                    series[type] = values = new long[days];
                values[r.Day.DayNumber - firstDay.DayNumber] += r.Count;
            }
            return Order(series);
        }
        var newUsers = new long[days];
        foreach (var r in byDay.Where(r => NewUserTypes.Contains(r.Type)))
            newUsers[r.Day.DayNumber - firstDay.DayNumber] += r.Count;
        var ranked = reasons.GroupBy(r => r.Reason ?? "—").Select(g => (Reason: g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList();
        return new OverviewReport(dayList, Series(byDay.Where(r => SignInTypes.Contains(r.Type))), Series(byDay.Where(r => FailureTypes.Contains(r.Type))),
            newUsers, ranked);
    }

    // The events of WeChat logins carry the connection's type as their actor, WeGate's own sign-ins
    // "password", "sms" or "email"; a few failures name only the connection.
    public static string LoginType(string? actor, string? slug, IReadOnlyDictionary<string, string> connectionTypes)
    {
        ArgumentNullException.ThrowIfNull(connectionTypes);
        if (ConnectionType.IsKnown(actor) || LocalTypes.Contains(actor))
            return actor!;
        return slug is not null && connectionTypes.TryGetValue(slug, out var type) ? type : OtherType;
    }

    // Always the same order (and so the same colour) for a type: the seven connection types, then ours.
    public static IEnumerable<string> AllTypes => [.. ConnectionType.All, .. LocalTypes, OtherType];

    private static List<TypeSeries> Order(Dictionary<string, long[]> series) =>
        AllTypes.Where(series.ContainsKey).Select(t => new TypeSeries(t, series[t])).ToList();
}

// A login type's count for each day of the period.
internal sealed record TypeSeries(string Type, long[] Counts);
