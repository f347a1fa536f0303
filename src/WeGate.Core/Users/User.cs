namespace WeGate.Core.Users;

// A person in a pool. The profile fields are the standard OIDC claims (OIDC Core §5.1).
public sealed record User(
    string Id,
    string Pool,
    UserProfile Profile,
    bool Blocked,
    int LoginCount,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record UserProfile
{
    public string? Name { get; init; }
    public string? Nickname { get; init; }
    public string? Picture { get; init; }
    public string? Gender { get; init; }
    public string? PhoneNumber { get; init; }
    public bool PhoneNumberVerified { get; init; }
    public string? Email { get; init; }
    public bool EmailVerified { get; init; }
    public string? Locale { get; init; }
    public string? Address { get; init; }

    public static readonly UserProfile Empty = new();
}
