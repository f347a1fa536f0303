using WeGate.Storage;

namespace WeGate.Server.Login.Tickets;

// Wakes whoever waits on a login ticket when it changes. In-process by itself; with PostgreSQL the
// PostgresListener feeds it the changes other nodes announce, so a confirmation on one node
// reaches a browser waiting on another (docs/logins.md#login-tickets).
internal sealed class TicketNotifier(Database db)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TaskCompletionSource Changed, int Waiters)> _waiting = new(StringComparer.Ordinal);
    private volatile bool _hearsOtherNodes;

    // Whether every change of a ticket reaches this notifier: always with one node on SQLite; with
    // PostgreSQL only while the listener is connected. While it is not, waiters re-read their ticket at
    // each heartbeat instead of trusting silence.
    public bool HearsEveryChange => db is not PostgresDatabase || _hearsOtherNodes;

    // The listener (re)connected: every change from now on arrives. Changes made while it was away may
    // have been missed, so every waiter is woken to re-read its ticket once.
    public void Listening()
    {
        _hearsOtherNodes = true;
        ChangedAll();
    }

    public void NotListening() => _hearsOtherNodes = false;

    private void ChangedAll()
    {
        List<TaskCompletionSource> changed;
        lock (_gate)
        {
            changed = [.. _waiting.Values.Select(e => e.Changed)];
            _waiting.Clear();
        }
        foreach (var c in changed)
            c.TrySetResult();
    }

    public int Waiting
    {
        get
        {
            lock (_gate)
                return _waiting.Count;
        }
    }

    // Starts listening for a change of the ticket. Watch first, then read the ticket, then wait: a change
    // that lands between the read and the wait is then not lost (it completes the watch at once).
    public TicketWatch Watch(string ticketId)
    {
        lock (_gate)
        {
            var entry = _waiting.TryGetValue(ticketId, out var e) ? e : (Changed: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Waiters: 0);
            _waiting[ticketId] = (entry.Changed, entry.Waiters + 1);
            return new TicketWatch(this, ticketId, entry.Changed.Task);
        }
    }

    internal void Release(string ticketId, Task changed)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(ticketId, out var e) && e.Changed.Task == changed)
            {
                if (e.Waiters <= 1)
                    _waiting.Remove(ticketId);
                else
                    _waiting[ticketId] = (e.Changed, e.Waiters - 1);
            }
        }
    }

    public void Changed(string ticketId)
    {
        TaskCompletionSource? changed = null;
        lock (_gate)
        {
            if (_waiting.Remove(ticketId, out var e))
                changed = e.Changed;
        }
        changed?.TrySetResult();
    }
}

internal sealed class TicketWatch(TicketNotifier notifier, string ticketId, Task changed) : IDisposable
{
    public bool Changed => changed.IsCompleted;

    // Completes when the ticket changed since the watch began, or after `max` (the caller then re-reads
    // the ticket anyway).
    // Every quiet heartbeat of every waiting page ends in the timeout, so it is not thrown: an exception
    // per heartbeat cost a waiting node a sixth of its CPU (docs/performance.md#many-waiting-login-pages).
    public async Task WaitAsync(TimeSpan max, CancellationToken ct)
    {
        await changed.WaitAsync(max, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
    }

    public void Dispose() => notifier.Release(ticketId, changed);
}

// One watch at a time over a stream's life: the current one, renewed before each re-read.
internal sealed class TicketWatches(TicketNotifier notifier, string ticketId) : IDisposable
{
    public TicketWatch Current { get; private set; } = notifier.Watch(ticketId);

    // Starts a new watch and says whether the ticket changed during the last one. Renewing first and
    // asking after leaves no gap: a change before the new watch began completed the old one.
    public bool Renew()
    {
        var last = Current;
        Current = notifier.Watch(ticketId);
        last.Dispose();
        return last.Changed;
    }

    public void Dispose() => Current.Dispose();
}
