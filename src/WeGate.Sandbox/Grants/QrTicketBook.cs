using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

internal sealed record QrTicket(string Ticket, string AppId, string ActionName, long? SceneId, string? SceneStr, string Url, DateTimeOffset? ExpiresAt)
{
    public bool IsPermanent => ExpiresAt is null;
}

// Parametric QR tickets (wechat-api.md §1.2): temporary ones expire, permanent ones do not.
internal sealed class QrTicketBook(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, QrTicket> _tickets = new(StringComparer.Ordinal);

    public void Add(QrTicket ticket) => _tickets[ticket.Ticket] = ticket;

    public QrTicket? Find(string? ticket) =>
        ticket is not null && _tickets.TryGetValue(ticket, out var found) && !(found.ExpiresAt <= time.GetUtcNow()) ? found : null;
}
