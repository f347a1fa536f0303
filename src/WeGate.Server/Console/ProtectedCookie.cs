using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using WeGate.Core.Secrets;

namespace WeGate.Server.Console;

// A short-lived value the console keeps in the browser (a sign-in or Try login under way, its result):
// JSON encrypted with WeGate's data-protection keys for one purpose, with an expiry inside it.
internal static class ProtectedCookie
{
    public static string Protect<T>(HttpContext http, string purpose, T value, TimeSpan lifetime) =>
        Protector(http, purpose).Protect(JsonSerializer.Serialize(value), lifetime);

    // The value, or null when the cookie is absent, forged, expired or of another purpose.
    public static T? Read<T>(HttpContext http, string purpose, string cookie) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Cookies[cookie] is not { } value)
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(Protector(http, purpose).Unprotect(value));
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    // RFC 7636 §4.1: 32 random bytes make a 43-character verifier (and as good a state or nonce).
    public static string Random() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));

    private static ITimeLimitedDataProtector Protector(HttpContext http, string purpose) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).ToTimeLimitedDataProtector();
}
