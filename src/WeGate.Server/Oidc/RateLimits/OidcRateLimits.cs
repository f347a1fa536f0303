using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using WeGate.Server.Hosting;

namespace WeGate.Server.Oidc.RateLimits;

// Limits on the authorization, login and token endpoints per IP, and on the token endpoint per client
// (docs/oidc.md#browser-clients-cors-and-rate-limits). Over a limit: 429 with Retry-After. Numbers come from WeGate:Oidc:RateLimits.
internal static class OidcRateLimits
{
    public const string PerIp = "oidc-per-ip";
    public const string AdminPerIp = "admin-per-ip";

    public static void AddOidcRateLimits(this IServiceCollection services, WeGateOptions options)
    {
        var limits = options.Oidc.RateLimits;
        services.AddSingleton(new ClientRateLimiter(limits.PerClientPerMinute));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = RetryAfter(context.Lease);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(PerIp, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Window(limits.PerIpPerMinute)));
            o.AddPolicy(AdminPerIp, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => Window(options.Admin.RequestsPerMinute)));
        });
    }

    public static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public static string RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : "60";
}

// The per-client limit is taken after the client has authenticated, so an attacker cannot spend a
// confidential client's allowance by naming it. A public client (a mini program, an app, a SPA) proves
// nothing but its name, so its allowance is kept per client and IP address: one network spending it
// leaves the client's other users unharmed.
internal sealed class ClientRateLimiter(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetFixedWindowLimiter(key, _ => OidcRateLimits.Window(perMinute)));

    // Null when allowed; otherwise the Retry-After seconds.
    public string? TryAcquire(string pool, Core.Applications.Application client, string? ip)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var lease = _limiter.AttemptAcquire(client.IsConfidential ? pool + "\n" + client.ClientId : pool + "\n" + client.ClientId + "\n" + ip);
        return lease.IsAcquired ? null : OidcRateLimits.RetryAfter(lease);
    }

    public void Dispose() => _limiter.Dispose();
}
