namespace WeGate.Sandbox.Grants;

// The result of an OAuth code exchange: what the sns/* endpoints later answer for (docs/wechat-contract.md#code-exchange).
internal sealed class SnsGrant(string appId, string personaId, string openId, string? unionId, string scope, bool snapshot)
{
    public string AppId { get; } = appId;

    public string PersonaId { get; } = personaId;

    public string OpenId { get; } = openId;

    public string? UnionId { get; } = unionId;

    public string Scope { get; } = scope;

    public bool Snapshot { get; } = snapshot;

    public string AccessToken { get; set; } = "";

    public DateTimeOffset AccessExpiresAt { get; set; }

    public string RefreshToken { get; init; } = "";

    public DateTimeOffset RefreshExpiresAt { get; init; }
}
