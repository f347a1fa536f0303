namespace WeGate.Core.Users;

public interface IUserStore
{
    // Creates the user and its identities in one transaction. A taken identifier throws
    // IdentityConflictException and leaves nothing behind.
    Task<User> CreateAsync(NewUser user, CancellationToken ct = default);

    Task<User?> GetAsync(string pool, string userId, CancellationToken ct = default);

    Task<User?> FindByIdentityAsync(string pool, string kind, string identifier, CancellationToken ct = default);

    Task<IReadOnlyList<Identity>> GetIdentitiesAsync(string pool, string userId, CancellationToken ct = default);

    // Attaches an identity to an existing user; throws IdentityConflictException when the identifier
    // already belongs to someone (including this user).
    Task<Identity> AddIdentityAsync(string pool, string userId, NewIdentity identity, CancellationToken ct = default);

    Task<UserPage> ListAsync(string pool, UserQuery query, CancellationToken ct = default);

    Task<bool> SetBlockedAsync(string pool, string userId, bool blocked, CancellationToken ct = default);

    // Counts a successful sign-in (login_count, last_login_at).
    Task RecordLoginAsync(string pool, string userId, CancellationToken ct = default);
}

public sealed record NewUser(string Pool, UserProfile Profile, IReadOnlyList<NewIdentity> Identities);

public sealed record NewIdentity(string Kind, string Identifier, string? ConnectionSlug = null, bool Verified = false);

public sealed record UserQuery(
    string? Phone = null,
    string? Email = null,
    string? OpenId = null,
    string? UnionId = null,
    string? After = null,
    int Limit = 50)
{
    public const int MaxLimit = 200;
}

public sealed record UserPage(IReadOnlyList<User> Users, string? Next);

public sealed class IdentityConflictException(string kind, string identifier)
    : Exception($"The {kind} identity '{identifier}' already belongs to a user in this pool")
{
    public string Kind { get; } = kind;
    public string Identifier { get; } = identifier;
}
