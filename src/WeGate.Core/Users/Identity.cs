namespace WeGate.Core.Users;

public sealed record Identity(
    string Id,
    string UserId,
    string Kind,
    string Identifier,
    string? ConnectionSlug,
    bool Verified,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt);
