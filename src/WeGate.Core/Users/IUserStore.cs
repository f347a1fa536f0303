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

    // Revokes every grant, refresh token and session of the user (after a password reset, on blocking).
    Task<Revocations> RevokeAccessAsync(string pool, string userId, CancellationToken ct = default);

    // Counts a successful sign-in (login_count, last_login_at).
    Task RecordLoginAsync(string pool, string userId, CancellationToken ct = default);

    // Writes the nickname and picture given (null: nothing to offer) only where the stored field is empty:
    // NULL, "", or for the nickname WeChat's placeholder. One conditional UPDATE, so a value an admin or
    // the user set meanwhile is never overwritten. True when something was written.
    Task<bool> FillProfileAsync(string pool, string userId, string? nickname, string? picture, CancellationToken ct = default);

    // An admin's edit, applied to the stored profile under a row lock. Null when the user is unknown;
    // throws DomainValidationException when the result would break a rule (ProfileChange.ApplyTo).
    Task<User?> UpdateProfileAsync(string pool, string userId, ProfileChange change, CancellationToken ct = default);

    // In one transaction: every identity of the source moves to the target, the target's empty profile
    // fields take the source's values, the source's password moves if the target has none, the source's
    // grants, refresh tokens and sessions are revoked, and the source is deleted.
    Task<MergeOutcome> MergeAsync(string pool, string targetId, string sourceId, CancellationToken ct = default);

    // Removes one identity, unless it is the user's last way in (a login name counts only with a password).
    Task<UnlinkOutcome> UnlinkIdentityAsync(string pool, string userId, string identityId, CancellationToken ct = default);

    // A one-time code proved that the person holds this phone number or address: the user's identity for
    // it becomes verified, so field matching may match on it (docs/accounts.md). False when the user has
    // no such identity.
    Task<bool> MarkIdentityVerifiedAsync(string pool, string userId, string kind, string identifier, CancellationToken ct = default);
}

public sealed record NewUser(string Pool, UserProfile Profile, IReadOnlyList<NewIdentity> Identities);

public sealed record NewIdentity(string Kind, string Identifier, string? ConnectionSlug = null, bool Verified = false);

public sealed record UserQuery(
    string? Phone = null,
    string? Email = null,
    string? OpenId = null,
    string? UnionId = null,
    string? After = null,
    int Limit = 50,
    // Part of the name or nickname, case-insensitive (docs/admin-api.md#users).
    string? Name = null)
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
