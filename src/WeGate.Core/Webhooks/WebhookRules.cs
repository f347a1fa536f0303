using System.Net;
using System.Net.Sockets;
using WeGate.Core.Validation;

namespace WeGate.Core.Webhooks;

// Where WeGate may send (docs/operations.md#webhooks): https only, and never to this machine or a private
// network, unless the operator allows it (Development allows both). The address check runs again when
// each attempt connects, on the addresses the name then resolves to, so a name pointed at an internal
// address later is refused too.
public sealed record WebhookPolicy(bool RequireHttps, bool AllowPrivateNetworks);

public static class WebhookRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;
    public const int MaxEndpointsPerPool = 50;

    public static void Validate(WebhookEndpoint endpoint, WebhookPolicy policy, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        ValidateUrl(endpoint.Url, policy, errors);
        errors.MaxLength("description", endpoint.Description, MaxDescriptionLength);
        if (endpoint.EventTypes.Count == 0)
            errors.Add("event_types", $"must name at least one event type: {string.Join(", ", WebhookEvents.All)}");
        foreach (var unknown in endpoint.EventTypes.Where(t => !WebhookEvents.All.Contains(t, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
            errors.Add("event_types", $"'{unknown}' is not an event type; the types are {string.Join(", ", WebhookEvents.All)}");
    }

    private static void ValidateUrl(string url, WebhookPolicy policy, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("url", "is required: the https URL that receives the events");
            return;
        }
        errors.MaxLength("url", url, MaxUrlLength);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("url", "must be an absolute https URL such as https://app.example.com/hooks/wegate");
            return;
        }
        if (policy.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
            errors.Add("url", "must use https: events carry user ids and are signed, not encrypted (WeGate:Webhooks:RequireHttps)");
        if (uri.UserInfo.Length > 0)
            errors.Add("url", "must not carry a user name or password; the signature authenticates WeGate to the receiver");
        if (uri.Fragment.Length > 0)
            errors.Add("url", "must not have a #fragment");
        if (!policy.AllowPrivateNetworks && IsLocalName(uri))
            errors.Add("url", $"points at this machine or a private network ({uri.Host}); WeGate refuses that unless WeGate:Webhooks:AllowPrivateNetworks is true");
    }

    private static bool IsLocalName(Uri uri) =>
        uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IsPrivate(ip));

    // Loopback, private (RFC 1918, RFC 4193), link-local, carrier-grade NAT, unspecified, multicast and
    // broadcast addresses: none is a public receiver.
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or >= 224
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] is >= 64 and <= 127);
        }
        var v6 = address.GetAddressBytes();
        return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC;
    }
}
