using Dapper;
using Npgsql;
using WeGate.Server.Login.Tickets;
using WeGate.Storage;
using WeGate.Storage.Caching;

namespace WeGate.Server.Hosting;

// What one node tells the others through PostgreSQL NOTIFY (docs/architecture.md#state-and-several-nodes):
// that a login ticket changed (the payload is its id), or that a write emptied the read cache (the
// payload names the node that wrote). SQLite is single-node and announces nothing.
internal static class ClusterChannels
{
    public const string Tickets = "wegate_login_tickets";
    public const string Cache = "wegate_cache";

    // False when the notification could not be sent; the other nodes then find out by polling (tickets)
    // or when their cache entries age out.
    public static async Task<bool> NotifyAsync(Database db, string channel, string payload, ILogger logger, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
            return true;
        try
        {
            await using var c = await db.OpenAsync(ct);
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)", new { channel, payload }, cancellationToken: ct));
            return true;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            logger.LogWarning(e, "Could not notify the other nodes on {Channel}", channel);
            return false;
        }
    }
}

// LISTENs on one connection for what other nodes announce: ticket changes wake this node's waiters,
// cache announcements empty its read cache. Reconnects with a pause when the connection drops; waiters
// meanwhile fall back to polling, and cache entries to ageing out.
internal sealed class PostgresListener(Database db, TicketNotifier notifier, ReadCache cache, ILogger<PostgresListener> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db is not PostgresDatabase postgres)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await postgres.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == ClusterChannels.Cache)
                        cache.ClearFor(e.Payload);
                    else
                        notifier.Changed(e.Payload);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ClusterChannels.Tickets}; LISTEN {ClusterChannels.Cache}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                // A write announced while this node was not listening may be cached here, and a ticket
                // change may have gone unheard by the pages waiting here.
                cache.ClearHere();
                notifier.Listening();
                // A connection that died without a word (a half-open TCP connection) would hear nothing
                // for ever; a query after each quiet spell finds that out and reconnects.
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(Quiet, stoppingToken))
                    {
                        await using var alive = new NpgsqlCommand("SELECT 1", connection);
                        await alive.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                notifier.NotListening();
                logger.LogWarning(e, "The listener for other nodes' announcements lost its PostgreSQL connection; retrying");
                await Task.Delay(Pause, stoppingToken);
            }
        }
    }
}
