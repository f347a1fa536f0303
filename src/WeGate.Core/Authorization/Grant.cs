namespace WeGate.Core.Authorization;

public sealed record Grant(string Id, string Pool, string ClientId, string? UserId, string? SessionId, string Scope, DateTimeOffset CreatedAt, bool Revoked)
{
    // When and how the person authenticated for this grant; null for client credentials.
    public DateTimeOffset? AuthTime { get; init; }
    public string? Amr { get; init; }
}
