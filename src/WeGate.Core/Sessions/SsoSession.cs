namespace WeGate.Core.Sessions;

// The pool's single sign-on session behind the session cookie; Id is the hash of the cookie value.
public sealed record SsoSession(string Id, string Pool, string UserId, DateTimeOffset AuthTime, string Amr, DateTimeOffset ExpiresAt)
{
    public static SsoSession Start(string id, string pool, string userId, string amr, DateTimeOffset now, TimeSpan lifetime) =>
        new(id, pool, userId, now, amr, now + lifetime);

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    // OIDC Core §3.1.2.1: with max_age, a session whose sign-in is more than max_age seconds old does
    // not answer the request; the person signs in again. Without it, any live session does.
    public bool IsFreshFor(int? maxAgeSeconds, DateTimeOffset now) =>
        maxAgeSeconds is not { } maxAge || now - AuthTime <= TimeSpan.FromSeconds(maxAge);
}
