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
        services.AddOptions<KestrelLimitsOptions>().BindConfiguration(Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KestrelLimitsOptions>, Validation>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp => new ConfigureOptions<KestrelServerOptions>(k =>
        {
            var o = sp.GetRequiredService<IOptions<KestrelLimitsOptions>>().Value;
            k.Limits.MaxConcurrentConnections = o.MaxConcurrentConnections;
            k.Limits.MaxRequestBodySize = o.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = o.MaxRequestHeadersTotalBytes;
            k.Limits.MaxRequestHeaderCount = o.MaxRequestHeaderCount;
            k.Limits.MaxRequestLineSize = o.MaxRequestLineBytes;
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(o.KeepAliveTimeoutSeconds);
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
            k.AddServerHeader = false;
        }));
    }

    private sealed class Validation : IValidateOptions<KestrelLimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, KestrelLimitsOptions o)
        {
            var errors = new List<string>();
            Check(errors, nameof(MaxConcurrentConnections), o.MaxConcurrentConnections, 1, 1_000_000);
            Check(errors, nameof(MaxRequestBodyBytes), o.MaxRequestBodyBytes, 1024, 100 * 1024 * 1024);
            Check(errors, nameof(MaxRequestHeadersTotalBytes), o.MaxRequestHeadersTotalBytes, 4 * 1024, 1024 * 1024);
            Check(errors, nameof(MaxRequestHeaderCount), o.MaxRequestHeaderCount, 10, 1000);
            Check(errors, nameof(MaxRequestLineBytes), o.MaxRequestLineBytes, 1024, 64 * 1024);
            Check(errors, nameof(KeepAliveTimeoutSeconds), o.KeepAliveTimeoutSeconds, 1, 3600);
            Check(errors, nameof(RequestHeadersTimeoutSeconds), o.RequestHeadersTimeoutSeconds, 1, 300);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        private static void Check(List<string> errors, string setting, int value, int min, int max)
        {
            if (value < min || value > max)
                errors.Add($"{Section}:{setting} must be between {min} and {max} (it is {value})");
        }
    }
}
