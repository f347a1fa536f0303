namespace WeGate.Server.Oidc;

public static class Scopes
{
    public const string OpenId = "openid";
    public const string OfflineAccess = "offline_access";
    public static readonly IReadOnlyList<string> Supported = Core.Applications.ApplicationRules.UserScopes;

    public static Errors.OAuthError Unknown(IEnumerable<string> unknown) =>
        Errors.WeGateErrors.UnknownScope.Error($"Unknown scope(s): {string.Join(", ", unknown)}. Supported: {string.Join(" ", Supported)}");
}
