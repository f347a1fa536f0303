using System.Collections.Concurrent;
using System.Text;

namespace WeGate.Server.Tests.Telemetry;

// An OpenTelemetry collector as far as WeGate can tell: it takes OTLP over http/protobuf
// (POST /v1/traces, /v1/metrics) and keeps each body. Protobuf writes strings as plain UTF-8, so a span
// or metric name can be found in a body without decoding it.
public sealed class FakeCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeCollector(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Signal, byte[] Body)> Received { get; } = new();

    public string Address => _app.Urls.First();

    public static async Task<FakeCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var collector = new FakeCollector(builder.Build());
        collector._app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.Received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await collector._app.StartAsync();
        return collector;
    }

    public bool Saw(string signal, string text) =>
        Received.Any(r => r.Signal == signal && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
