using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace WeGate.Sandbox.Control;

// Who may act as the phone: the control API, the virtual phone's calls and the pages that act as a
// persona. Callers on this machine always may (tests, scripts, a browser on localhost). A caller from
// elsewhere, possible once the sandbox listens beyond loopback, needs the ControlSecret: as
// "Authorization: Bearer <secret>" (RFC 6750 §2.1), or as the cookie the virtual phone sets once the
// secret is typed in. Without a secret set, such callers are refused, with the setting named.
internal sealed class ControlAccess(SandboxOptions options)
{
    public const string CookieName = "sandbox_control";

    public const string Setting = "ControlSecret (Sandbox:ControlSecret for `wegate sandbox`, WeGate:Sandbox:ControlSecret when mounted in WeGate)";

    public bool HasSecret => !string.IsNullOrEmpty(options.ControlSecret);

    // A connection from loopback, or from this machine's own address to itself, is local. No address
    // at all is an in-process call (configuration seeding) or a Unix socket, local too. Behind a
    // reverse proxy on this machine every caller looks local unless the host applies forwarded headers.
    public static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote
        || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
        || remote.Equals(connection.LocalIpAddress);

    public bool Allows(HttpContext http)
    {
        if (IsLocal(http.Connection))
        {
            return true;
        }

        if (!HasSecret)
        {
            return false;
        }

        var header = http.Request.Headers.Authorization.ToString();
        return (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(header["Bearer ".Length..].Trim()))
            || (http.Request.Cookies[CookieName] is { } cookie && FixedTimeEquals(cookie, CookieValue()));
    }

    public bool Matches(string? secret) => HasSecret && secret is not null && FixedTimeEquals(secret, options.ControlSecret!);

    // The cookie carries a digest of the secret, not the secret itself.
    public string CookieValue() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("wegate-sandbox-control:" + options.ControlSecret)));

    // Why a caller was refused, in words that say what to do.
    public string Refusal() => HasSecret
        ? "This call comes from another machine: send the sandbox's control secret as \"Authorization: Bearer <secret>\", or open the virtual phone (/phone under the sandbox) in a browser and enter it."
        : $"The sandbox acts as the phone only for callers on this machine. To allow others, set the sandbox setting {Setting} and send it as \"Authorization: Bearer <secret>\".";

    public int RefusalStatus => HasSecret ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;

    // For endpoint groups: control calls answer problem+json, pages an HTML page.
    public IEndpointFilter Filter(Func<ControlAccess, IResult> refuse) => new AccessFilter(this, refuse);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private sealed class AccessFilter(ControlAccess access, Func<ControlAccess, IResult> refuse) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (access.Allows(context.HttpContext))
            {
                return await next(context);
            }

            if (access.HasSecret)
            {
                context.HttpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"wegate-sandbox\"";
            }

            return refuse(access);
        }
    }
}
