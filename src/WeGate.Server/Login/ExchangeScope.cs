using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Authorize;

namespace WeGate.Server.Login;

internal static class ExchangeScope
{
    // A token exchange asks for openid unless it names its scopes.
    public static (string Scope, OAuthError? Error) Parse(IFormCollection form)
    {
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
            return (Scopes.OpenId, null);
        var unknown = scopes.Where(s => !Scopes.Supported.Contains(s, StringComparer.Ordinal)).ToList();
        return unknown.Count > 0
            ? ("", OAuthError.InvalidScope($"Unknown scope(s): {string.Join(", ", unknown)}. Supported: {string.Join(" ", Scopes.Supported)}"))
            : (string.Join(' ', scopes), null);
    }
}
