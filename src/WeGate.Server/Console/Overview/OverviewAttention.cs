using WeGate.Core.Accounts;
using WeGate.Core.Audit;
using WeGate.Core.Keys;
using WeGate.Server.Login.OfficialAccountFollow;

namespace WeGate.Server.Console.Overview;

// "What needs attention" on the overview (docs/console.md#overview): a signing key that has signed
// for too long, a connection whose logins fail, a spike of logins refused because the user is blocked.
internal abstract record Attention
{
    public sealed record KeyDue(string Algorithm, string Kid, DateTimeOffset SigningSince, int Days) : Attention;

    public sealed record FailingConnection(string Slug, long Failures, long SignIns) : Attention;

    public sealed record BlockedSpike(long LastDay, double DailyAverage) : Attention;

    public static readonly TimeSpan KeyRotationAge = TimeSpan.FromDays(90);
    public const int FailingMinimum = 3;
    public const int SpikeMinimum = 5;
    public const int SpikeFactor = 3;

    // Failed logins (a WeChat call or a code that went wrong) and official-account pushes refused;
    // refusals by rule (blocked, login-only, snapshot users) are decisions, not failures.
    private static readonly string[] ConnectionFailureTypes = [LoginEventType.Failed, FollowAudit.CallbackRejected];

    public static async Task<List<Attention>> FindAsync(IAuditCounts counts, string pool, IReadOnlyList<PublishedKeyAge> keys, DateTimeOffset now,
        CancellationToken ct)
    {
        var found = new List<Attention>();
        foreach (var key in keys.Where(k => k.State == "active" && now - k.SigningSince > KeyRotationAge).OrderBy(k => k.Algorithm, StringComparer.Ordinal))
            found.Add(new KeyDue(key.Algorithm, key.Kid, key.SigningSince, (int)(now - key.SigningSince).TotalDays));

        var lastDay = new AuditCountQuery { Types = [.. OverviewReport.SignInTypes, .. ConnectionFailureTypes], From = now.AddDays(-1), To = now };
        var byConnection = (await counts.ByDayAsync(pool, lastDay, ct)).Where(c => c.ConnectionSlug is not null).GroupBy(c => c.ConnectionSlug!);
        foreach (var c in byConnection.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var failures = c.Where(r => ConnectionFailureTypes.Contains(r.Type)).Sum(r => r.Count);
            var signIns = c.Where(r => OverviewReport.SignInTypes.Contains(r.Type)).Sum(r => r.Count);
            // At least FailingMinimum, and at least one in five of the connection's attempts.
            if (failures >= FailingMinimum && failures * 5 >= failures + signIns)
                found.Add(new FailingConnection(c.Key, failures, signIns));
        }

        var refused = new AuditCountQuery { Types = [LoginEventType.Refused], From = now.AddDays(-1), To = now };
        long Blocked(IEnumerable<ReasonAuditCount> rows) => rows.Where(r => r.Reason == RefusalReason.Blocked.Name()).Sum(r => r.Count);
        var last = Blocked(await counts.ByReasonAsync(pool, refused, ct));
        var before = Blocked(await counts.ByReasonAsync(pool, refused with { From = now.AddDays(-8), To = now.AddDays(-1) }, ct)) / 7.0;
        if (last >= SpikeMinimum && last > SpikeFactor * before)
            found.Add(new BlockedSpike(last, before));
        return found;
    }
}

// What the overview needs to know of a published signing key.
internal sealed record PublishedKeyAge(string Algorithm, string Kid, string State, DateTimeOffset SigningSince);
