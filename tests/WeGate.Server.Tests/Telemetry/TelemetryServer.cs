using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using WeGate.Testing;

namespace WeGate.Server.Tests.Telemetry;

// WeGate in Development (the sandbox mounted) with every kind of telemetry on: OTLP over http/protobuf
// to a FakeCollector, and the Prometheus endpoint open to 127.0.0.1 with a bearer token. Each finished
// span is also kept here. The instruments are static, so other servers in this test process add to the
// same series: tests read their own pool's series and their own trace.
public abstract class TelemetryServer<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    public const string ScrapeToken = "scrape-token-0123456789abcdef0123456789";

    private TestServer? _server;
    private FakeCollector? _collector;

    public TDatabase Db { get; } = new();

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public TestServer Server => _server ?? throw new InvalidOperationException(Db.Unavailable ?? "The server did not start");

    public FakeCollector Collector => _collector ?? throw new InvalidOperationException("The collector did not start");

    public async ValueTask InitializeAsync()
    {
        await Db.InitializeAsync();
        if (Db.Unavailable is not null)
            return;
        _collector = await FakeCollector.StartAsync();
        _server = await TestServer.StartAsync(Db, new Dictionary<string, string?>
        {
            ["WeGate:Telemetry:Otlp:Endpoint"] = _collector.Address,
            ["WeGate:Telemetry:Otlp:Protocol"] = "http/protobuf",
            ["WeGate:Telemetry:Prometheus:Enabled"] = "true",
            ["WeGate:Telemetry:Prometheus:AllowedNetworks:0"] = "127.0.0.1",
            ["WeGate:Telemetry:Prometheus:BearerToken"] = ScrapeToken,
        }, environment: "Development", services: s => s.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(new Keep(Spans))));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_collector is not null)
            await _collector.DisposeAsync();
        await Db.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class Keep(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

public sealed class SqliteTelemetryServer : TelemetryServer<SqliteTestDatabase>;

public sealed class PostgresTelemetryServer : TelemetryServer<PostgresTestDatabase>;
