using Dapper;
using WeGate.Storage;

namespace WeGate.Server.Login.Tickets;

// Tells every node that a ticket changed: NOTIFY on PostgreSQL (each node's listener wakes its own
// waiters, this one included), directly in-process on SQLite, which is single-node.
internal sealed class TicketAnnouncer(Database db, TicketNotifier notifier, ILogger<TicketAnnouncer> logger)
{
    public const string Channel = "wegate_login_tickets";

    public async Task AnnounceAsync(string ticketId, CancellationToken ct)
    {
        notifier.Changed(ticketId);
        if (db.Provider != DatabaseProvider.Postgres)
            return;
        try
        {
            await using var c = await db.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @ticketId)", new { channel = Channel, ticketId }, cancellationToken: ct));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            // Waiters on other nodes still see the change at their next poll.
            logger.LogWarning(e, "Could not announce login ticket {TicketId} to other nodes", ticketId);
        }
    }
}
