using System.Net;

namespace WeGate.Sandbox.Push;

// Where the sandbox may send an official account's pushes and server verification. The sandbox fetches
// the server URL and reports what came back, so an unrestricted URL would let anyone who can reach the
// control API read any address the sandbox can reach. Allowed: loopback (localhost, *.localhost as
// RFC 6761 §6.3 reserves them, 127.0.0.0/8, ::1), the sandbox's own host (SandboxOptions.PublicUrl
// and the addresses it listens on), and SandboxOptions.AllowedServerHosts (docs/sandbox.md).
internal sealed class ServerUrlRule(SandboxOptions options, Func<IEnumerable<string>> listeningAddresses)
{
    private static readonly string[] Wildcards = ["+", "*", "0.0.0.0", "::"];

    // A loopback name may only be connected to on loopback addresses, whatever DNS says at the time.
    public enum Reach
    {
        Refused,
        LoopbackOnly,
        Anywhere,
    }

    // Null when the URL may be fetched; otherwise what is wrong and how to fix it.
    public string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            return "A server URL must be an absolute http or https URL.";
        }

        if (ReachOf(parsed.IdnHost) != Reach.Refused)
        {
            return null;
        }

        var own = OwnHosts().ToList();
        return $"The sandbox pushes events only to this machine (localhost, 127.0.0.1, [::1])"
            + (own.Count > 0 ? $" and its own host ({string.Join(", ", own)})" : "")
            + $", not to {parsed.IdnHost}. To allow it, add \"{parsed.IdnHost}\" to the sandbox setting AllowedServerHosts "
            + "(Sandbox:AllowedServerHosts for `wegate sandbox`, WeGate:Sandbox:AllowedServerHosts when mounted in WeGate).";
    }

    public Reach ReachOf(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IsLoopback(address)))
        {
            return Reach.LoopbackOnly;
        }

        return OwnHosts().Contains(host, StringComparer.OrdinalIgnoreCase) || options.AllowedServerHosts.Any(allowed => Matches(allowed, host))
            ? Reach.Anywhere
            : Reach.Refused;
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    // "*.example.com" allows the subdomains of example.com; anything else is one host name or address.
    private static bool Matches(string allowed, string host)
    {
        allowed = allowed.Trim().Trim('[', ']').TrimEnd('.');
        return allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);
    }

    private IEnumerable<string> OwnHosts()
    {
        var urls = listeningAddresses().Append(options.PublicUrl ?? "");
        foreach (var url in urls)
        {
            // Kestrel's wildcard forms (http://+:80, http://*:80) are no URIs; they name no host anyway.
            if (Uri.TryCreate(url.Replace("://+", "://wildcard.invalid", StringComparison.Ordinal).Replace("://*", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.IdnHost.Trim('[', ']') is var host && !Wildcards.Contains(host) && host != "wildcard.invalid")
            {
                yield return host;
            }
        }
    }
}
