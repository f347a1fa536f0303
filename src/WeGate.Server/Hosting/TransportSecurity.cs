using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace WeGate.Server.Hosting;

// WeGate behind a TLS-terminating proxy (docs/security.md#behind-a-proxy). X-Forwarded-For and
// X-Forwarded-Proto are believed only from the proxies the operator names, so per-IP limits and audit
// events see the person's address and the request counts as https. Cookies are Secure whenever the
// public URL is https, whatever the proxy says. https answers carry HSTS; every answer carries nosniff.
internal static class TransportSecurity
{
    public static void AddTransportSecurity(this IServiceCollection services, WeGateOptions options)
    {
        var https = options.PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
        services.Configure<CookiePolicyOptions>(o => o.Secure = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        var forwarded = options.ForwardedHeaders;
        if (!forwarded.IsOn)
            return;
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = forwarded.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here only what the operator listed counts.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            // WeGateOptionsValidation has refused any entry that does not parse.
            forwarded.KnownProxies.ForEach(p => o.KnownProxies.Add(IPAddress.Parse(p)));
            forwarded.KnownNetworks.ForEach(n => o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n)));
        });
    }

    public static void UseTransportSecurity(this WebApplication app, WeGateOptions options)
    {
        if (options.ForwardedHeaders.IsOn)
            app.UseForwardedHeaders();
        var hsts = $"max-age={options.HstsSeconds}";
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (http.Request.IsHttps && options.HstsSeconds > 0)
                    headers.StrictTransportSecurity = hsts;
                return Task.CompletedTask;
            });
            return next(http);
        });
        app.UseCookiePolicy();
    }
}

public sealed class ForwardedHeadersSettings
{
    // Addresses of the proxies in front of WeGate (e.g. 10.0.0.5), and networks of them (10.0.0.0/8).
    public List<string> KnownProxies { get; set; } = [];
    public List<string> KnownNetworks { get; set; } = [];

    // How many proxies in a row may have added to X-Forwarded-For.
    public int ForwardLimit { get; set; } = 1;

    public bool IsOn => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
