using WeGate.Storage;

namespace WeGate.Server.Login.Tickets;

// Tells every node that a ticket changed: NOTIFY on PostgreSQL (each node's listener wakes its own
// waiters, this one included), directly in-process on SQLite, which is single-node.
internal sealed class TicketAnnouncer(Database db, TicketNotifier notifier, ILogger<TicketAnnouncer> logger)
{
    public async Task AnnounceAsync(string ticketId, CancellationToken ct)
    {
        notifier.Changed(ticketId);
        // Waiters on other nodes still see the change at their next poll if this fails.
        await Hosting.ClusterChannels.NotifyAsync(db, Hosting.ClusterChannels.Tickets, ticketId, logger, ct);
    }
}
