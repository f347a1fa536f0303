using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WeGate.Server.Hosting;
using WeGate.Server.Telemetry;

namespace WeGate.Server.Tests.Telemetry;

// Telemetry is off until configured (docs/operations.md#metrics-and-traces), and the scrape endpoint's
// default audience is this machine alone (docs/operations.md#who-may-scrape).
public sealed class TelemetryOffTests
{
    [Fact]
    public async Task Without_telemetry_settings_no_OpenTelemetry_is_registered_and_there_is_no_metrics_endpoint()
    {
        await using var app = WeGateApp.Build(["--environment", "Development"]);

        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MetricsAccess>());
    }

    [Fact]
    public async Task Prometheus_alone_registers_metrics_but_no_traces()
    {
        await using var app = WeGateApp.Build(["--environment", "Development", "--WeGate:Telemetry:Prometheus:Enabled=true"]);

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("127.0.0.1", 200)]
    [InlineData("127.9.9.9", 200)]
    [InlineData("::1", 200)]
    [InlineData("::ffff:127.0.0.1", 200)]
    [InlineData("10.0.0.5", 403)]
    [InlineData("203.0.113.7", 403)]
    public async Task By_default_only_this_machine_may_scrape(string from, int expected)
    {
        var access = new MetricsAccess(new PrometheusSettings { Enabled = true }, NullLogger<MetricsAccess>.Instance);
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(from);
        http.Response.Body = new MemoryStream();

        await access.GuardAsync(http, h =>
        {
            h.Response.StatusCode = 200;
            return Task.CompletedTask;
        });

        Assert.Equal(expected, http.Response.StatusCode);
    }
}
