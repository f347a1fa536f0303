using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

internal sealed record QrTicket(string Ticket, string AppId, string ActionName, long? SceneId, string? SceneStr, string Url, DateTimeOffset? ExpiresAt)
{
    public bool IsPermanent => ExpiresAt is null;
}

// Parametric QR tickets (docs/wechat-contract.md#parametric-qr-codes): temporary ones expire, permanent ones do not.
// ShownAt is when the ticket was made or its showqrcode image last fetched: what a screen last drew.
internal sealed class QrTicketBook(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (QrTicket Ticket, long Order, DateTimeOffset ShownAt)> _tickets = new(StringComparer.Ordinal);
    private long _added;

    public void Add(QrTicket ticket) => _tickets[ticket.Ticket] = (ticket, Interlocked.Increment(ref _added), time.GetUtcNow());

    public void Shown(string ticket)
    {
        if (_tickets.TryGetValue(ticket, out var entry))
        {
            _tickets.TryUpdate(ticket, entry with { ShownAt = time.GetUtcNow() }, entry);
        }
    }

    // For the virtual phone: live tickets, newest first, permanent ones only if shown within `window`.
    public IReadOnlyList<(QrTicket Ticket, DateTimeOffset ShownAt)> Listed(TimeSpan window)
    {
        var since = time.GetUtcNow() - window;
        return [.. _tickets.Values
            .Where(entry => IsLive(entry.Ticket) && (!entry.Ticket.IsPermanent || entry.ShownAt >= since))
            .OrderByDescending(entry => entry.Order)
            .Select(entry => (entry.Ticket, entry.ShownAt))];
    }

    public QrTicket? Find(string? ticket) =>
        ticket is not null && _tickets.TryGetValue(ticket, out var found) && IsLive(found.Ticket) ? found.Ticket : null;

    // Newest first. Ordered by when they were added, not by time: tests stop the sandbox clock.
    public IReadOnlyList<QrTicket> Live() =>
        [.. _tickets.Values.Where(entry => IsLive(entry.Ticket)).OrderByDescending(entry => entry.Order).Select(entry => entry.Ticket)];

    private bool IsLive(QrTicket ticket) => !(ticket.ExpiresAt <= time.GetUtcNow());
}
