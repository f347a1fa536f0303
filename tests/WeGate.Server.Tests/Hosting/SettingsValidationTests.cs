using WeGate.Sandbox.Hosting;
using WeGate.Server.Hosting;

namespace WeGate.Server.Tests.Hosting;

// Every section is checked when WeGate is built, before any command runs: a bad value stops the start
// with a message that names the setting and says what to set (docs/configuration.md#how-settings-are-checked).
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("WeGate:DataDirectory", " ", "WeGate:DataDirectory must name a folder")]
    [InlineData("WeGate:Database:Provider", "postgres", "WeGate:Database:ConnectionString is required for PostgreSQL")]
    [InlineData("WeGate:MasterKey", "dG9vIHNob3J0", "WeGate:MasterKey is not valid: A master key must decode to 32 bytes; this one has 9.")]
    [InlineData("WeGate:PreviousMasterKeys:0", "not base64!", "WeGate:PreviousMasterKeys:0 is not valid: A master key must be base64")]
    [InlineData("WeGate:Admin:ApiKey", "short", "WeGate:Admin:ApiKey must be at least 32 characters; it is 5.")]
    [InlineData("WeGate:Admin:MaxRequestBodyBytes", "10", "WeGate:Admin:MaxRequestBodyBytes must be between 1024 and 104857600; it is 10.")]
    [InlineData("WeGate:Admin:RequestsPerMinute", "0", "WeGate:Admin:RequestsPerMinute must be between 1 and 2147483647; it is 0.")]
    [InlineData("WeGate:Sandbox:Prefix", "sandbox/", "WeGate:Sandbox:Prefix must be a path such as /sandbox")]
    [InlineData("WeGate:Sandbox:Enabled", "true", "WeGate:Sandbox:Enabled is true in the Production environment")]
    [InlineData("WeGate:PublicUrl", "id.example.com", "WeGate:PublicUrl must be an absolute http or https URL such as https://id.example.com; it is 'id.example.com'.")]
    [InlineData("WeGate:PublicUrl", "https://id.example.com/?x=1", "WeGate:PublicUrl must have no query or fragment")]
    [InlineData("WeGate:Oidc:SessionHours", "0", "WeGate:Oidc:SessionHours must be between 1 and 8760; it is 0.")]
    [InlineData("WeGate:Oidc:RateLimits:PerIpPerMinute", "0", "WeGate:Oidc:RateLimits:PerIpPerMinute must be between 1")]
    [InlineData("WeGate:ForwardedHeaders:KnownProxies:0", "proxy.lan", "WeGate:ForwardedHeaders:KnownProxies has 'proxy.lan', which is not an IP address")]
    [InlineData("WeGate:ForwardedHeaders:ForwardLimit", "11", "WeGate:ForwardedHeaders:ForwardLimit must be between 1 and 10; it is 11.")]
    [InlineData("WeGate:HstsSeconds", "-1", "WeGate:HstsSeconds must be between 0 and")]
    [InlineData("WeGate:WeChat:ApiBaseUrl", "ftp://api.example.com", "WeGate:WeChat:ApiBaseUrl must be an absolute http or https URL")]
    [InlineData("WeGate:WeChat:TimeoutSeconds", "0", "WeGate:WeChat:TimeoutSeconds must be between 1 and 60; it is 0.")]
    [InlineData("WeGate:Pools:Bad_Pool:DisplayName", "Bad", "WeGate:Pools:Bad_Pool: the pool name must be")]
    [InlineData("WeGate:Kestrel:MaxRequestHeaderCount", "0", "WeGate:Kestrel:MaxRequestHeaderCount must be between 10 and 1000; it is 0.")]
    [InlineData("WeGate:Housekeeping:IntervalSeconds", "-5", "WeGate:Housekeeping:IntervalSeconds must be 0 (off) or between 1 and 86400; it is -5.")]
    [InlineData("WeGate:Logins:Tickets:MaxStreamsPerIp", "0", "WeGate:Logins:Tickets:MaxStreamsPerIp must be between 1 and 100000; it is 0.")]
    [InlineData("WeGate:Logins:WebsiteQr:QrTimeoutSeconds", "1", "WeGate:Logins:WebsiteQr:QrTimeoutSeconds must be between 5 and 1800; it is 1.")]
    [InlineData("WeGate:OneTimeCodes:SenderName", "", "WeGate:OneTimeCodes:SenderName must be 1 to 32 characters")]
    [InlineData("WeGate:Email:Smtp:Host", "smtp.example.com", "WeGate:Email:Smtp:From must be the sender's address")]
    [InlineData("WeGate:Telemetry:Otlp:Endpoint", "otel-collector:4317", "WeGate:Telemetry:Otlp:Endpoint must be an absolute http or https URL such as http://otel-collector:4317; it is 'otel-collector:4317'.")]
    [InlineData("WeGate:Telemetry:Otlp:Protocol", "http", "WeGate:Telemetry:Otlp:Protocol must be grpc (port 4317 of a collector) or http/protobuf (port 4318); it is 'http'.")]
    [InlineData("WeGate:Telemetry:Traces:SampleRatio", "1.5", "WeGate:Telemetry:Traces:SampleRatio must be between 0 and 1")]
    [InlineData("WeGate:Telemetry:Prometheus:AllowedNetworks:0", "10.0.0.0/33", "WeGate:Telemetry:Prometheus:AllowedNetworks:0 is '10.0.0.0/33', which is neither an IP address")]
    [InlineData("WeGate:Telemetry:Prometheus:BearerToken", "secret", "WeGate:Telemetry:Prometheus:BearerToken must be at least 32 characters; it is 6.")]
    public void A_bad_value_stops_the_start_with_the_setting_named(string key, string value, string expected) =>
        Assert.Contains(expected, Refusal(new() { [key] = value }), StringComparison.Ordinal);

    [Theory]
    [InlineData("WeGate:Sandbox:ControlSecret", "12345", "WeGate:Sandbox:ControlSecret must be at least 16 characters; it is 5.")]
    [InlineData("WeGate:Sandbox:PushDeadline", "00:00:00", "WeGate:Sandbox:PushDeadline must be a duration longer than zero")]
    [InlineData("WeGate:Sandbox:QrContentBase", "weixin", "WeGate:Sandbox:QrContentBase must be an absolute http or https URL")]
    public void A_bad_value_of_the_mounted_sandbox_stops_the_start_with_the_setting_named(string key, string value, string expected) =>
        Assert.Contains(expected, Refusal(new() { [key] = value }, "Development"), StringComparison.Ordinal);

    [Theory]
    [InlineData("WeGate:OneTimeCodes:MaxAttempts", "many", "'many' at 'WeGate:OneTimeCodes:MaxAttempts'")]
    [InlineData("WeGate:Database:Provider", "mysql", "WeGate:Database:Provider takes sqlite or postgres")]
    public void A_value_that_cannot_be_read_is_named(string key, string value, string expected) =>
        Assert.Contains(expected, Refusal(new() { [key] = value }), StringComparison.Ordinal);

    [Fact]
    public void Every_failure_of_every_section_is_printed_one_a_line()
    {
        var refusal = Refusal(new() { ["WeGate:Oidc:SessionHours"] = "0", ["WeGate:HstsSeconds"] = "-1", ["WeGate:Kestrel:MaxRequestHeaderCount"] = "0" });

        var lines = refusal.Split('\n');
        Assert.Equal("3 settings are not valid:", lines[0]);
        Assert.Equal(
            ["  WeGate:HstsSeconds must be between 0 and 2147483647; it is -1.", "  WeGate:Kestrel:MaxRequestHeaderCount must be between 10 and 1000; it is 0.",
             "  WeGate:Oidc:SessionHours must be between 1 and 8760; it is 0."],
            lines[1..].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_standalone_sandbox_names_its_settings_the_same_way()
    {
        var e = Assert.Throws<SandboxStartupException>(() => SandboxHost.Build(["--Sandbox:ControlSecret=short", "--Sandbox:PushAttempts=0"]));
        Assert.Contains("Sandbox:ControlSecret must be at least 16 characters; it is 5.", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sandbox:PushAttempts must be between 1 and 10; it is 0.", e.Message, StringComparison.Ordinal);
    }

    private static string Refusal(Dictionary<string, string?> settings, string environment = "Production")
    {
        var e = Assert.ThrowsAny<Exception>(() => WeGateApp.Build(["--environment", environment], b => b.Configuration.AddInMemoryCollection(settings)));
        return StartupFailure.Describe(e) ?? throw new Xunit.Sdk.XunitException("Not a refused start: " + e);
    }
}
