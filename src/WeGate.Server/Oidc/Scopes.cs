namespace WeGate.Server.Oidc;

public static class Scopes
{
    public const string OpenId = "openid";
    public const string OfflineAccess = "offline_access";
    public static readonly IReadOnlyList<string> Supported = Core.Applications.ApplicationRules.UserScopes;
}
