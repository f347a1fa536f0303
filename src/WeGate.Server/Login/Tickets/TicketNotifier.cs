namespace WeGate.Server.Login.Tickets;

// Wakes whoever waits on a login ticket when it changes. In-process by itself; with PostgreSQL the
// PostgresTicketListener feeds it the changes other nodes announce, so a confirmation on one node
// reaches a browser waiting on another (docs/logins.md#login-tickets).
internal sealed class TicketNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TaskCompletionSource Changed, int Waiters)> _waiting = new(StringComparer.Ordinal);

    public int Waiting
    {
        get
        {
            lock (_gate)
                return _waiting.Count;
        }
    }

    // Completes when the ticket changes, or after `max` (the caller then re-reads the ticket anyway).
    public async Task WaitAsync(string ticketId, TimeSpan max, CancellationToken ct)
    {
        Task changed;
        lock (_gate)
        {
            var entry = _waiting.TryGetValue(ticketId, out var e) ? e : (Changed: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Waiters: 0);
            _waiting[ticketId] = (entry.Changed, entry.Waiters + 1);
            changed = entry.Changed.Task;
        }
        try
        {
            await changed.WaitAsync(max, ct);
        }
        catch (TimeoutException)
        {
        }
        finally
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
