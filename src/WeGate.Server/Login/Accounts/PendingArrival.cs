using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using WeGate.Core.Accounts;
using WeGate.Core.Connections;

namespace WeGate.Server.Login.Accounts;

// A WeChat arrival that needs the person before it can sign in (account selection, ask to bind). What
// WeChat vouched for travels in an encrypted, HttpOnly cookie scoped to the account pages: it cannot be
// read, altered or replayed in another browser, and it expires with the login request.
// HandOffChallenge is set when a token-exchange login handed the person to this browser (AuthSessions):
// then the person's decision waits for the code's redemption by that application (DeferredAccountSteps).
internal sealed record PendingArrival(
    string RequestId, string ConnectionSlug, string OpenId, string? UnionId, string? VerifiedPhone, string? Nickname, string? AvatarUrl,
    IReadOnlyList<string> CandidateIds, string Amr, DateTimeOffset ExpiresAt, string? HandOffChallenge = null)
{
    public static PendingArrival Of(string requestId, WeChatArrival arrival, IReadOnlyList<string> candidates, string amr, DateTimeOffset expiresAt) =>
        new(requestId, arrival.Connection.Slug, arrival.OpenId, arrival.UnionId, arrival.VerifiedPhone, arrival.Nickname, arrival.AvatarUrl, candidates, amr, expiresAt);

    public WeChatArrival ToArrival(Connection connection, string clientId, string? ip, string? userAgent) => new()
    {
        Connection = connection, OpenId = OpenId, UnionId = UnionId, VerifiedPhone = VerifiedPhone, Nickname = Nickname,
        AvatarUrl = AvatarUrl, ClientId = clientId, Ip = ip, UserAgent = userAgent,
    };
}

internal sealed class PendingArrivals(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Cookie = "wegate_pending";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = protection.CreateProtector("WeGate.Login.PendingArrival.v1");

    public void Save(HttpContext http, string pool, string requestId, WeChatArrival arrival, IReadOnlyList<string> candidates, string amr) =>
        Save(http, pool, PendingArrival.Of(requestId, arrival, candidates, amr, clock.GetUtcNow() + Lifetime));

    public void Save(HttpContext http, string pool, PendingArrival pending)
    {
        http.Response.Cookies.Append(Cookie, _protector.Protect(JsonSerializer.Serialize(pending)), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = $"/pools/{pool}/login/account", MaxAge = Lifetime, IsEssential = true,
        });
    }

    public PendingArrival? Read(HttpContext http)
    {
        var value = http.Request.Cookies[Cookie];
        if (string.IsNullOrEmpty(value) || value.Length > 8192)
            return null;
        try
        {
            var pending = JsonSerializer.Deserialize<PendingArrival>(_protector.Unprotect(value));
            return pending is not null && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public static void Clear(HttpContext http, string pool) =>
        http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = $"/pools/{pool}/login/account" });
}
