using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Pages;

// Which redirect_uri an OAuth page accepts, and how the code is appended to it.
internal static class RedirectRules
{
    // Website apps: the host is the callback domain or under it (docs/wechat-contract.md#the-qr-page: subdomains
    // count). Official accounts: exactly the domain, subdomains do not match (docs/wechat-contract.md#official-account-web-authorization).
    // A domain registered with :port also pins the port; without one any port passes.
    public static bool Allows(SandboxApp app, string redirectUri, bool subdomains)
    {
        // A control character would end up in the Location header; WeChat's pages would not send it there either.
        if (app.CallbackDomain is not { } domain
            || redirectUri.Any(char.IsControl)
            || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var target)
            || target.Scheme is not ("http" or "https")
            || !Uri.TryCreate("http://" + domain, UriKind.Absolute, out var registered))
        {
            return false;
        }

        var hostMatches = string.Equals(target.Host, registered.Host, StringComparison.OrdinalIgnoreCase)
            || (subdomains && target.Host.EndsWith("." + registered.Host, StringComparison.OrdinalIgnoreCase));
        var pinsPort = domain.Contains(':', StringComparison.Ordinal);
        return hostMatches && (!pinsPort || target.Port == registered.Port);
    }

    // redirect_uri?code=CODE&state=STATE (docs/wechat-contract.md#the-qr-page, docs/wechat-contract.md#official-account-web-authorization), keeping the URI's own query and any fragment.
    public static string WithQuery(string redirectUri, params (string Name, string? Value)[] pairs)
    {
        var hash = redirectUri.IndexOf('#', StringComparison.Ordinal);
        var (head, fragment) = hash < 0 ? (redirectUri, "") : (redirectUri[..hash], redirectUri[hash..]);
        var added = string.Join('&', pairs
            .Where(pair => pair.Value is not null)
            .Select(pair => pair.Name + "=" + Uri.EscapeDataString(pair.Value!)));
        var separator = head.Contains('?', StringComparison.Ordinal) ? (head.EndsWith('?') || head.EndsWith('&') ? "" : "&") : "?";
        return head + separator + added + fragment;
    }
}
