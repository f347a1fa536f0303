using System.Collections.Concurrent;
using WeGate.WeChat.Messages;

namespace WeGate.Server.Login.OfficialAccountFollow;

// WeChat re-sends a push it got no answer to within 5 s, up to three times in all, with the same body
// (docs/wechat-contract.md#deadline-and-retries: dedupe events by FromUserName + CreateTime). The first delivery does the work;
// a copy arriving meanwhile or later waits for the same outcome and is answered with the same reply.
// Entries live as long as a push's timestamp is accepted, so an older copy is refused as stale instead.
// Per node: a copy that reaches another node finds the ticket already settled (FollowEvents).
internal sealed class DeliveryDedupe(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _seen = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    private sealed record Entry(Lazy<Task<string?>> Work, DateTimeOffset At);

    // Runs `work` for the first copy of a push; later copies get the first one's task.
    public (Task<string?> Reply, bool Duplicate) Once(string pool, string slug, InboundMessage message, Func<Task<string?>> work)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();
        Sweep(now);
        var key = string.Join('\n', pool, slug, message.FromUserName, message.CreateTime, message.MsgId, message.Event, message.EventKey, message.Ticket);
        var fresh = new Entry(new Lazy<Task<string?>>(work), now);
        var entry = _seen.GetOrAdd(key, fresh);
        var task = entry.Work.Value;
        // A copy must not inherit a failure (the database was down, say): forget it so the next copy retries.
        _ = task.ContinueWith(t => _seen.TryRemove(new KeyValuePair<string, Entry>(key, entry)), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return (task, !ReferenceEquals(entry, fresh));
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
            return;
        foreach (var (key, entry) in _seen)
        {
            if (now - entry.At > Window)
                _seen.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }
}
