using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WeGate.Core.Telemetry;
using WeGate.Server.Hosting;
using WeGate.WeChat.Telemetry;

namespace WeGate.Server.Telemetry;

// Metrics and traces with OpenTelemetry (docs/operations.md#metrics-and-traces): WeGate's own meters and
// sources (WeGateTelemetry, WeChatTelemetry) beside ASP.NET Core, HttpClient (WeGate's calls to WeChat),
// the .NET runtime and Npgsql. Off by default, and then the SDK is not registered at all: WeGate's
// instruments have no listener, which costs a branch per measurement.
internal static class TelemetrySetup
{
    // The settings decide what is registered, so they are read before the container exists; a value
    // that fails its check registers nothing, and WeGateApp's check of every section stops the start.
    public static void AddWeGateTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions(TelemetryOptions.Section, new TelemetryOptionsValidation());
        if (TelemetryOptions.Read(configuration) is not { MetricsOn: true } options)
            return;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(r =>
        {
            // OTEL_SERVICE_NAME, when set, names the service instead.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                r.AddService("wegate", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString());
        });
        telemetry.WithMetrics(m =>
        {
            m.AddMeter(WeGateTelemetry.Name, WeChatTelemetry.Name, "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            if (options.Otlp.Endpoint is { } endpoint)
                m.AddOtlpExporter(o => Otlp(o, options.Otlp, endpoint, "v1/metrics"));
            if (options.Prometheus.Enabled)
                m.AddPrometheusExporter();
        });
        if (options.Prometheus.Enabled)
            services.AddSingleton(sp => new MetricsAccess(options.Prometheus, sp.GetRequiredService<ILogger<MetricsAccess>>()));
        if (options.TracesOn)
        {
            telemetry.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.Traces.SampleRatio)))
                .AddSource(WeGateTelemetry.Name, WeChatTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(PrometheusSettings.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, options.Otlp, options.Otlp.Endpoint!, "v1/traces")));
        }
    }

    // The scrape endpoint, behind its access check (MetricsAccess).
    public static void MapMetricsIfEnabled(this WebApplication app)
    {
        if (app.Services.GetService<MetricsAccess>() is not { } access)
            return;
        app.MapPrometheusScrapingEndpoint(PrometheusSettings.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(access.GuardAsync),
            optionsName: null);
    }

    // A collector's base address; over http/protobuf each signal has its own path, which the exporter
    // adds only to an address from OTEL_EXPORTER_OTLP_ENDPOINT, not to one set in code.
    private static void Otlp(OtlpExporterOptions o, OtlpSettings settings, string endpoint, string signalPath)
    {
        if (settings.Protocol == OtlpSettings.HttpProtobuf)
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(endpoint.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            o.Protocol = OtlpExportProtocol.Grpc;
            o.Endpoint = new Uri(endpoint);
        }
    }
}
