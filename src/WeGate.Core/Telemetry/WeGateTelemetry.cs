using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WeGate.Core.Accounts;
using WeGate.Core.Tickets;

namespace WeGate.Core.Telemetry;

// WeGate's own metrics and spans, every instrument in one place (docs/operations.md#metrics-and-traces
// lists them with their attributes). They are System.Diagnostics instruments: until the host registers
// the OpenTelemetry SDK (WeGate:Telemetry) nothing listens, Add returns at once and StartActivity gives
// null. Attributes are built only when an instrument is enabled, so telemetry off allocates nothing.
// Attribute names follow OpenTelemetry's conventions: lowercase, dotted, namespaced by wegate.
public static class WeGateTelemetry
{
    public const string Name = "WeGate";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    public static readonly Counter<long> Logins = Meter.CreateCounter<long>("wegate.logins", "{login}",
        "WeChat logins that ended, by pool, login type and outcome");

    public static readonly Counter<long> AccountResolutions = Meter.CreateCounter<long>("wegate.account.resolutions", "{resolution}",
        "What the account resolver decided, by pool and path: created, matched, linked, selection, bind, refused");

    public static readonly Counter<long> TicketStates = Meter.CreateCounter<long>("wegate.tickets", "{ticket}",
        "Login tickets that entered a state (pending when created), by kind and state");

    public static readonly UpDownCounter<long> TicketStreams = Meter.CreateUpDownCounter<long>("wegate.ticket.streams", "{stream}",
        "Server-Sent Events streams open on this node for login tickets");

    // SQLite's one writer (docs/architecture.md#writes), read only when a reader collects. A process has
    // one writer per open SQLite database; the values are their sums.
    public static readonly ObservableGauge<long> SqliteWriteQueue = Meter.CreateObservableGauge("wegate.sqlite.write_queue", () => SumWriters(w => w.Queued()),
        "{write}", "Writes waiting in the SQLite writer's queue for the next group commit");

    public static readonly ObservableCounter<long> SqliteCommits = Meter.CreateObservableCounter("wegate.sqlite.commits", () => SumWriters(w => w.Commits()),
        "{commit}", "Transactions the SQLite writer committed, each holding one or more writes");

    private static readonly ConcurrentDictionary<object, (Func<long> Queued, Func<long> Commits)> Writers = new();

    // The SQLite writer registers itself for the two instruments above; disposing the result forgets it.
    public static IDisposable ObserveSqliteWriter(Func<long> queued, Func<long> commits)
    {
        var key = new object();
        Writers[key] = (queued, commits);
        return new Forget(key);
    }

    private static long SumWriters(Func<(Func<long> Queued, Func<long> Commits), long> value) => Writers.Values.Sum(value);

    private sealed class Forget(object key) : IDisposable
    {
        public void Dispose() => Writers.TryRemove(key, out _);
    }

    // docs/accounts.md#how-an-arriving-wechat-user-is-resolved: each path of AccountResolver.
    public static class Paths
    {
        public const string Created = "created";
        public const string Matched = "matched";
        public const string Linked = "linked";
        public const string Selection = "selection";
        public const string Bind = "bind";
        public const string Refused = "refused";
    }

    public static void Resolved(string pool, string path)
    {
        if (AccountResolutions.Enabled)
            AccountResolutions.Add(1, new TagList { { "wegate.pool", pool }, { "wegate.resolution.path", path } });
    }

    // success: signed in; account-step: the person must select or bind an account first; refused: the
    // resolver said no (wegate.refusal.reason says why).
    public static void LoginResolved(WeChatArrival arrival, Resolution resolution)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        if (!Logins.Enabled)
            return;
        var tags = new TagList { { "wegate.pool", arrival.Pool }, { "wegate.login.type", arrival.Connection.Type } };
        switch (resolution)
        {
            case Resolution.SignedIn:
                tags.Add("wegate.login.outcome", "success");
                break;
            case Resolution.Refused refused:
                tags.Add("wegate.login.outcome", "refused");
                tags.Add("wegate.refusal.reason", refused.Reason.Name());
                break;
            default:
                tags.Add("wegate.login.outcome", "account-step");
                break;
        }
        Logins.Add(1, tags);
    }

    // The login ended before the resolver: WeChat refused its code or did not answer (wegate.wechat.calls
    // has the errcode).
    public static void LoginFailedAtWeChat(string pool, string loginType)
    {
        if (Logins.Enabled)
            Logins.Add(1, new TagList { { "wegate.pool", pool }, { "wegate.login.type", loginType }, { "wegate.login.outcome", "wechat-error" } });
    }

    public static Activity? StartResolve(WeChatArrival arrival)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        if (!Source.HasListeners())
            return null;
        var activity = Source.StartActivity("wegate.account.resolve");
        activity?.SetTag("wegate.pool", arrival.Pool);
        activity?.SetTag("wegate.login.type", arrival.Connection.Type);
        return activity;
    }

    public static void TicketEntered(TicketKind kind, TicketState state)
    {
        if (TicketStates.Enabled)
            TicketStates.Add(1, new TagList { { "wegate.ticket.kind", kind.Name() }, { "wegate.ticket.state", state.Name() } });
    }
}
