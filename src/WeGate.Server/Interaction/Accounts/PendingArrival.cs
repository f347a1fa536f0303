using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using WeGate.Core.Accounts;

namespace WeGate.Server.Interaction.Accounts;

// An arrival waiting on the account page of this browser, for the parked request RequestId. What WeChat
// vouched for travels in an encrypted, HttpOnly cookie scoped to the account pages: it cannot be read,
// altered or replayed in another browser, and it expires with the login request.
// HandOffChallenge is set when a token-exchange login handed the person to this browser (AuthSessions):
// then the person's decision waits for the code's redemption by that application (DeferredAccountSteps).
internal sealed record PendingArrival(string RequestId, ParkedArrival Arrival, string Amr, DateTimeOffset ExpiresAt, string? HandOffChallenge = null);

internal sealed class PendingArrivals(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Cookie = "wegate_pending";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = protection.CreateProtector("WeGate.Login.PendingArrival.v2");

    public void Save(HttpContext http, string pool, string requestId, ParkedArrival arrival, string amr, string? handOffChallenge = null)
    {
        var pending = new PendingArrival(requestId, arrival, amr, clock.GetUtcNow() + Lifetime, handOffChallenge);
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
            return pending is { Arrival: not null } && pending.ExpiresAt > clock.GetUtcNow() ? pending : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public static void Clear(HttpContext http, string pool) =>
        http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = $"/pools/{pool}/login/account" });
}
