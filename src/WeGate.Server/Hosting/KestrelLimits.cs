using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace WeGate.Server.Hosting;

// WeGate:Kestrel: explicit limits for the built-in web server, so one client cannot hold every
// connection, or make WeGate buffer huge headers or bodies. Checked at start; a value out of range
// stops the start and names the setting.
internal sealed class KestrelLimitsOptions
{
    public const string Section = "WeGate:Kestrel";

    public int MaxConcurrentConnections { get; set; } = 10_000;
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;
    public int MaxRequestHeaderCount { get; set; } = 100;
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;
    public int KeepAliveTimeoutSeconds { get; set; } = 60;
    public int RequestHeadersTimeoutSeconds { get; set; } = 15;

    public static void Add(IServiceCollection services)
    {
        services.AddCheckedOptions(Section, new Validation());
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp => new ConfigureOptions<KestrelServerOptions>(k =>
        {
            k.AddServerHeader = false;
            // Kestrel is made with the app, before WeGateApp checks the settings: values that fail the
            // check leave Kestrel's defaults here, and the check then stops the start naming them.
            if (Read(sp.GetRequiredService<IConfiguration>()) is not { } o)
                return;
            k.Limits.MaxConcurrentConnections = o.MaxConcurrentConnections;
            k.Limits.MaxRequestBodySize = o.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = o.MaxRequestHeadersTotalBytes;
            k.Limits.MaxRequestHeaderCount = o.MaxRequestHeaderCount;
            k.Limits.MaxRequestLineSize = o.MaxRequestLineBytes;
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(o.KeepAliveTimeoutSeconds);
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
        }));
    }

    private static KestrelLimitsOptions? Read(IConfiguration configuration)
    {
        try
        {
            var o = configuration.GetSection(Section).Get<KestrelLimitsOptions>() ?? new KestrelLimitsOptions();
            return new Validation().Validate(null, o).Succeeded ? o : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private sealed class Validation : IValidateOptions<KestrelLimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, KestrelLimitsOptions o)
        {
            var checks = new SettingChecks(Section);
            checks.Range(nameof(MaxConcurrentConnections), o.MaxConcurrentConnections, 1, 1_000_000);
            checks.Range(nameof(MaxRequestBodyBytes), o.MaxRequestBodyBytes, 1024, 100 * 1024 * 1024);
            checks.Range(nameof(MaxRequestHeadersTotalBytes), o.MaxRequestHeadersTotalBytes, 4 * 1024, 1024 * 1024);
            checks.Range(nameof(MaxRequestHeaderCount), o.MaxRequestHeaderCount, 10, 1000);
            checks.Range(nameof(MaxRequestLineBytes), o.MaxRequestLineBytes, 1024, 64 * 1024);
            checks.Range(nameof(KeepAliveTimeoutSeconds), o.KeepAliveTimeoutSeconds, 1, 3600);
            checks.Range(nameof(RequestHeadersTimeoutSeconds), o.RequestHeadersTimeoutSeconds, 1, 300);
            return checks.Result();
        }
    }
}
