namespace WeGate.Core.Sessions;

public interface ISessionStore
{
    Task CreateAsync(SsoSession session, CancellationToken ct = default);

    // A live session: known, of this pool, not revoked, not expired (SsoSession.IsExpiredAt).
    Task<SsoSession?> GetAsync(string pool, string id, CancellationToken ct = default);

    // The user's live sessions, newest first, at most limit of them (the console's user page).
    Task<IReadOnlyList<UserSession>> ListLiveAsync(string pool, string userId, int limit, CancellationToken ct = default);

    // Ends the session and revokes every grant made in it, with their refresh tokens, in one transaction.
    Task RevokeAsync(string pool, string id, CancellationToken ct = default);
}

// What the console shows of a session: never its id, which is the hash of the cookie value.
public sealed record UserSession(DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, DateTimeOffset AuthTime, string Amr);
