using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

internal sealed record QrTicket(string Ticket, string AppId, string ActionName, long? SceneId, string? SceneStr, string Url, DateTimeOffset? ExpiresAt)
{
    public bool IsPermanent => ExpiresAt is null;
}

// Parametric QR tickets (docs/wechat-contract.md#parametric-qr-codes): temporary ones expire, permanent ones do not.
internal sealed class QrTicketBook(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (QrTicket Ticket, long Order)> _tickets = new(StringComparer.Ordinal);
    private long _added;

    public void Add(QrTicket ticket) => _tickets[ticket.Ticket] = (ticket, Interlocked.Increment(ref _added));

    public QrTicket? Find(string? ticket) =>
        ticket is not null && _tickets.TryGetValue(ticket, out var found) && IsLive(found.Ticket) ? found.Ticket : null;

    // Newest first. Ordered by when they were added, not by time: tests stop the sandbox clock.
    public IReadOnlyList<QrTicket> Live() =>
        [.. _tickets.Values.Where(entry => IsLive(entry.Ticket)).OrderByDescending(entry => entry.Order).Select(entry => entry.Ticket)];

    private bool IsLive(QrTicket ticket) => !(ticket.ExpiresAt <= time.GetUtcNow());
}
