using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WeGate.Core.Telemetry;
using WeGate.Server.Hosting;

namespace WeGate.Server.Login.Tickets;

// WeGate:Logins:Tickets. An open event stream holds a connection for as long as the ticket lives, so
// the streams of one ticket and of one client IP address are capped on each node (a stream is a
// connection to this node, so the count is this node's). Beyond a cap the answer is 429 and the page
// falls back to polling.
internal sealed class TicketStreamOptions
{
    public const string Section = "WeGate:Logins:Tickets";

    // A login page opens one stream; a reload or a second tab may briefly hold another.
    public int MaxStreamsPerTicket { get; set; } = 4;

    // Generous: many people behind one carrier-grade NAT or office gateway share an address.
    public int MaxStreamsPerIp { get; set; } = 100;
}

internal sealed class TicketStreamOptionsValidation : IValidateOptions<TicketStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketStreamOptions options)
    {
        var checks = new SettingChecks(TicketStreamOptions.Section);
        checks.Range(nameof(options.MaxStreamsPerTicket), options.MaxStreamsPerTicket, 1, 100);
        checks.Range(nameof(options.MaxStreamsPerIp), options.MaxStreamsPerIp, 1, 100_000);
        return checks.Result();
    }
}

// Counts the open streams; a lease given out is returned when its stream ends.
internal sealed class TicketStreams(IOptions<TicketStreamOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public IDisposable? TryOpen(string pool, string ticket, string ip)
    {
        string ticketKey = $"t:{pool}/{ticket}", ipKey = "ip:" + ip;
        lock (_gate)
        {
            if (Count(ticketKey) >= options.Value.MaxStreamsPerTicket || Count(ipKey) >= options.Value.MaxStreamsPerIp)
                return null;
            _open[ticketKey] = Count(ticketKey) + 1;
            _open[ipKey] = Count(ipKey) + 1;
        }
        WeGateTelemetry.TicketStreams.Add(1);
        return new Lease(this, ticketKey, ipKey);
    }

    private int Count(string key) => _open.GetValueOrDefault(key);

    private void Close(string ticketKey, string ipKey)
    {
        WeGateTelemetry.TicketStreams.Add(-1);
        lock (_gate)
        {
            foreach (var key in new[] { ticketKey, ipKey })
            {
                if (Count(key) <= 1)
                    _open.TryRemove(key, out _);
                else
                    _open[key] = Count(key) - 1;
            }
        }
    }

    private sealed class Lease(TicketStreams streams, string ticketKey, string ipKey) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                streams.Close(ticketKey, ipKey);
        }
    }
}
