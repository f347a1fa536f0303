using Npgsql;
using WeGate.Storage;

namespace WeGate.Server.Login.Tickets;

// LISTENs for ticket changes announced by any node and wakes local waiters. Reconnects with a pause
// when the connection drops; waiters meanwhile fall back to polling.
internal sealed class PostgresTicketListener(Database db, TicketNotifier notifier, ILogger<PostgresTicketListener> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db is not PostgresDatabase postgres)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await postgres.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => notifier.Changed(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {TicketAnnouncer.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                logger.LogWarning(e, "Login ticket listener lost its PostgreSQL connection; retrying");
                await Task.Delay(Pause, stoppingToken);
            }
        }
    }
}
