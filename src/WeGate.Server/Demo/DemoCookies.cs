using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace WeGate.Server.Demo;

// What the demo application remembers between pages, each in its own encrypted cookie under /demo: the
// pending sign-in, its result, the app-mp ticket and the pending logout.
internal static class DemoCookies
{
    private const string Prefix = "wegate_demo-";
    private const string Purpose = "WeGate.Demo.v1";
    private static readonly CookieOptions Options = new() { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/demo", IsEssential = true };

    public static void Write<T>(HttpContext http, string name, T value) =>
        http.Response.Cookies.Append(Prefix + name, Protector(http).Protect(JsonSerializer.Serialize(value)), Options);

    public static T? Read<T>(HttpContext http, string name)
    {
        var value = http.Request.Cookies[Prefix + name];
        if (value is null)
            return default;
        try
        {
            return JsonSerializer.Deserialize<T>(Protector(http).Unprotect(value));
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return default;
        }
    }

    public static void Forget(HttpContext http, string name) => http.Response.Cookies.Delete(Prefix + name, Options);

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}
