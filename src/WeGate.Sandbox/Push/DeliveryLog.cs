using System.Collections.Concurrent;

namespace WeGate.Sandbox.Push;

// Every push per app, newest last, with a way to await completion (control GET deliveries/{id}?wait=true).
// Bounded: beyond capacity the oldest entries are forgotten.
internal sealed class DeliveryLog(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _sequence;

    public SandboxDelivery Start(SandboxDelivery delivery)
    {
        _entries[delivery.Id] = new Entry(delivery, Interlocked.Increment(ref _sequence));
        _order.Enqueue(delivery.Id);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }

        return delivery;
    }

    public SandboxDelivery? Find(string id) => _entries.TryGetValue(id, out var entry) ? entry.Current : null;

    public IReadOnlyList<SandboxDelivery> ForApp(string? appId) =>
        [.. _entries.Values
            .OrderBy(entry => entry.Sequence)
            .Select(entry => entry.Current)
            .Where(delivery => appId is null || delivery.AppId == appId)];

    public void Record(string id, DeliveryAttempt attempt) =>
        Update(id, delivery => delivery with { Attempts = [.. delivery.Attempts, attempt] });

    public void Complete(string id, Func<SandboxDelivery, SandboxDelivery> finish)
    {
        Update(id, finish);
        if (_entries.TryGetValue(id, out var entry))
        {
            entry.Done.TrySetResult();
        }
    }

    // The delivery once completed, or as it stands when the wait runs out.
    public async Task<SandboxDelivery?> WaitAsync(string id, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            return null;
        }

        try
        {
            await entry.Done.Task.WaitAsync(limit, cancellationToken);
        }
        catch (TimeoutException)
        {
        }

        return entry.Current;
    }

    public void Update(string id, Func<SandboxDelivery, SandboxDelivery> change)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            lock (entry)
            {
                entry.Current = change(entry.Current);
            }
        }
    }

    private sealed class Entry(SandboxDelivery delivery, long sequence)
    {
        public long Sequence { get; } = sequence;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SandboxDelivery Current { get; set; } = delivery;
    }
}
