namespace WeGate.Core.Sessions;

public interface ISessionStore
{
    Task CreateAsync(SsoSession session, CancellationToken ct = default);

    // A live session: known, of this pool, not revoked, not expired (SsoSession.IsExpiredAt).
    Task<SsoSession?> GetAsync(string pool, string id, CancellationToken ct = default);

    // Ends the session and revokes every grant made in it, with their refresh tokens, in one transaction.
    Task RevokeAsync(string pool, string id, CancellationToken ct = default);
}
