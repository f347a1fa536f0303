using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Control;

// What the WeChat console refuses when a developer saves an app's settings; null means acceptable.
internal static class AppSettingsRules
{
    public static string? Problem(SandboxApp app, ServerUrlRule serverUrls)
    {
        if (app.EncodingAesKey is { } key && !EncodingAesKey.TryParse(key, out _))
        {
            return "An EncodingAESKey must be 43 characters of [a-zA-Z0-9] (docs/wechat-contract.md#encodingaeskey).";
        }

        if (app.MessageMode != MessageMode.Plaintext && app.EncodingAesKey is null)
        {
            return $"{app.MessageMode} mode needs an EncodingAESKey (docs/wechat-contract.md#message-modes).";
        }

        if (app.ServerUrl is { } url)
        {
            if (serverUrls.Problem(url) is { } problem)
            {
                return problem;
            }

            if (string.IsNullOrEmpty(app.Token))
            {
                return "A server URL needs a Token to sign pushes with (docs/wechat-contract.md#official-account-server).";
            }
        }

        // The console takes a bare domain: no scheme, no path (docs/wechat-contract.md#official-account-web-authorization).
        if (app.CallbackDomain is { } domain
            && (!Uri.TryCreate("http://" + domain, UriKind.Absolute, out var host) || !string.Equals(host.Authority, domain, StringComparison.OrdinalIgnoreCase)))
        {
            return "A callback domain is a bare host name, optionally with :port, without scheme or path.";
        }

        if (app.LoginUrl is { } login
            && (app.Type != SandboxAppType.MiniProgram || !Uri.TryCreate(login, UriKind.Absolute, out var loginUri) || loginUri.Scheme is not ("http" or "https")))
        {
            return "A login URL is a mini program's, and an absolute http or https URL such as http://localhost:5080/pools/default/login/mp-qr.";
        }

        if (app.IpWhitelist is { } ips && ips.Any(ip => !System.Net.IPAddress.TryParse(ip, out _)))
        {
            return "An IP whitelist lists IP addresses such as 203.0.113.7 (WeChat takes no ranges or host names).";
        }

        if (app.PublishedPages is { } pages
            && (app.Type != SandboxAppType.MiniProgram || pages.Any(p => p.Length == 0 || p.StartsWith('/') || p.Contains('?', StringComparison.Ordinal))))
        {
            return "Published pages are a mini program's, each a path such as pages/login/index: no leading '/', no query.";
        }

        return null;
    }
}
