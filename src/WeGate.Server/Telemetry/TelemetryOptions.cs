using System.Net;
using Microsoft.Extensions.Options;
using WeGate.Server.Hosting;

namespace WeGate.Server.Telemetry;

// WeGate:Telemetry (docs/configuration.md#metrics-and-traces). Everything is off until an OTLP endpoint
// is set or the Prometheus endpoint is enabled; then, and only then, the OpenTelemetry SDK is registered.
internal sealed class TelemetryOptions
{
    public const string Section = "WeGate:Telemetry";

    public OtlpSettings Otlp { get; set; } = new();
    public TraceSettings Traces { get; set; } = new();
    public PrometheusSettings Prometheus { get; set; } = new();

    public bool MetricsOn => Otlp.Endpoint is not null || Prometheus.Enabled;

    // Spans leave the process only through OTLP.
    public bool TracesOn => Otlp.Endpoint is not null;

    public static TelemetryOptions? Read(IConfiguration configuration)
    {
        try
        {
            var o = configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
            return new TelemetryOptionsValidation().Validate(null, o).Succeeded ? o : null;
        }
        catch (InvalidOperationException)
        {
            return null; // WeGateApp's check of every section names the setting that cannot be read
        }
    }
}

internal sealed class OtlpSettings
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    public string? Endpoint { get; set; }
    public string Protocol { get; set; } = Grpc;
}

internal sealed class TraceSettings
{
    public double SampleRatio { get; set; } = 1.0;
}

internal sealed class PrometheusSettings
{
    public const string Path = "/metrics";

    public bool Enabled { get; set; }

    // Empty: loopback only (127.0.0.0/8 and ::1).
    public List<string> AllowedNetworks { get; set; } = [];
    public string? BearerToken { get; set; }
}

internal sealed class TelemetryOptionsValidation : IValidateOptions<TelemetryOptions>
{
    public const int MinTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var checks = new SettingChecks(TelemetryOptions.Section);
        checks.HttpUrl("Otlp:Endpoint", options.Otlp.Endpoint, "http://otel-collector:4317");
        if (options.Otlp.Protocol is not (OtlpSettings.Grpc or OtlpSettings.HttpProtobuf))
            checks.Fail("Otlp:Protocol", $"must be {OtlpSettings.Grpc} (port 4317 of a collector) or {OtlpSettings.HttpProtobuf} (port 4318); it is '{options.Otlp.Protocol}'.");
        if (options.Traces.SampleRatio is not (>= 0 and <= 1))
            checks.Fail("Traces:SampleRatio", $"must be between 0 and 1 (the share of logins traced, e.g. 0.1); it is {options.Traces.SampleRatio}.");
        var prometheus = options.Prometheus;
        for (var i = 0; i < prometheus.AllowedNetworks.Count; i++)
        {
            if (MetricsAccess.ParseNetwork(prometheus.AllowedNetworks[i]) is null)
                checks.Fail($"Prometheus:AllowedNetworks:{i}", $"is '{prometheus.AllowedNetworks[i]}', which is neither an IP address such as 10.0.0.5 nor a network such as 10.0.0.0/8.");
        }
        if (prometheus.BearerToken is { } token && token.Length < MinTokenLength)
            checks.Fail("Prometheus:BearerToken", $"must be at least {MinTokenLength} characters; it is {token.Length}. Generate one with `openssl rand -hex 32`.");
        return checks.Result();
    }
}
