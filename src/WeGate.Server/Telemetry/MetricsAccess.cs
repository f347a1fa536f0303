using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace WeGate.Server.Telemetry;

// Who may read /metrics (docs/operations.md#who-may-scrape). The numbers tell how many people sign in,
// through what and how often it fails, so by default only this machine may scrape; other scrapers are
// let in by network (WeGate:Telemetry:Prometheus:AllowedNetworks) and, when a token is set, must also
// present it, as Prometheus does with `authorization: {credentials: …}`.
internal sealed class MetricsAccess
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] _networks;
    private readonly byte[]? _tokenHash;
    private readonly ILogger _logger;

    public MetricsAccess(PrometheusSettings settings, ILogger<MetricsAccess> logger)
    {
        _networks = settings.AllowedNetworks.Count == 0 ? Loopback : [.. settings.AllowedNetworks.Select(n => ParseNetwork(n)!.Value)];
        _tokenHash = settings.BearerToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;
        _logger = logger;
    }

    // A bare address is a network of one.
    public static IPNetwork? ParseNetwork(string value) =>
        IPNetwork.TryParse(value, out var network) ? network
        : IPAddress.TryParse(value, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;

    public async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true })
            ip = ip.MapToIPv4();
        // A forwarded header still here came through a proxy WeGate does not trust
        // (docs/security.md#behind-a-proxy): the address is the proxy's, not the scraper's.
        var forwarded = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded");
        if (ip is null || forwarded || !_networks.Any(n => n.Contains(ip)))
        {
            _logger.LogInformation("Metrics scrape refused from {Ip}: not in WeGate:Telemetry:Prometheus:AllowedNetworks{Forwarded}", ip,
                forwarded ? " (it came through an untrusted proxy)" : "");
            await RefuseAsync(http, StatusCodes.Status403Forbidden,
                "Metrics are served only to the addresses in WeGate:Telemetry:Prometheus:AllowedNetworks (loopback by default), and not through a proxy WeGate does not trust.");
            return;
        }
        if (_tokenHash is not null && !HasToken(http))
        {
            _logger.LogWarning("Metrics scrape from {Ip} without the bearer token of WeGate:Telemetry:Prometheus:BearerToken", ip);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "Metrics need Authorization: Bearer <WeGate:Telemetry:Prometheus:BearerToken>.");
            return;
        }
        await next(http);
    }

    private bool HasToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _tokenHash);
    }

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(message + " See docs/operations.md#who-may-scrape.\n");
    }
}
