using System.Security.Cryptography;
using System.Text;
using WeGate.Core.Secrets;
using WeGate.Core.Sessions;
using WeGate.Server.Hosting;

namespace WeGate.Server.Oidc.Sessions;

// The pool's single sign-on session (docs/oidc.md#sign-in-and-sessions): a random value in a HttpOnly, SameSite=Lax cookie
// scoped to /pools/{pool}; the database keeps only its hash, so a database leak yields no cookies.
internal sealed class SsoSessions(ISessionStore store, WeGateOptions options, TimeProvider clock)
{
    public const string CookieName = "wegate_sso";

    public async Task<SsoSession?> CurrentAsync(HttpContext http, string pool, CancellationToken ct)
    {
        var value = http.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value) || value.Length > 100)
            return null;
        return await store.GetAsync(pool, Hash(value), ct);
    }

    // A new session and its cookie's value. The sign-in's completion stores the session with its code
    // (ISignInCompletionStore); only then does SetCookie hand the value to the browser.
    public (SsoSession Session, string CookieValue) New(string pool, string userId, string amr)
    {
        var value = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (SsoSession.Start(Hash(value), pool, userId, amr, clock.GetUtcNow(), TimeSpan.FromHours(options.Oidc.SessionHours)), value);
    }

    public static void SetCookie(HttpContext http, SsoSession session, string value) =>
        http.Response.Cookies.Append(CookieName, value, Options(http, session.Pool, session.ExpiresAt));

    public async Task EndAsync(HttpContext http, string pool, CancellationToken ct)
    {
        if (await CurrentAsync(http, pool, ct) is { } session)
            await store.RevokeAsync(pool, session.Id, ct);
        http.Response.Cookies.Delete(CookieName, Options(http, pool, null));
    }

    private static CookieOptions Options(HttpContext http, string pool, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = $"/pools/{pool}",
        Expires = expires,
        IsEssential = true,
    };

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
