using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using WeGate.Core.Secrets;

namespace WeGate.Server.Login.Redirect;

// What a WeChat redirect login (website-qr, oa-web) remembers in the browser while the person is at
// WeChat: which login request and connection it serves, and the phase (oa-web escalates from
// snsapi_base to snsapi_userinfo).
internal sealed record BoundLogin(string Pool, string RequestId, string Connection, string Flow, string State, string Phase, DateTimeOffset ExpiresAt);

// Binds WeChat's `state` to the browser that started the login (RFC 9700 §4.7, login CSRF): state is
// random and travels through WeChat; the login it stands for lives only in an HttpOnly cookie,
// encrypted and authenticated with the data-protection keys the nodes share. A callback whose state
// has no matching cookie in this browser is refused, and a callback consumes its cookie.
// One cookie per (login request, connection), so two tabs sign in side by side and a reload replaces
// its own cookie instead of piling up new ones.
internal sealed class RedirectState(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const string Prefix = "wegate_wx_";
    private const int MaxCookiesRead = 16;

    // docs/wechat-contract.md#official-account-web-authorization: state is a-zA-Z0-9 and at most 128 bytes; the website QR takes the same.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const int StateLength = 32;

    public static string NewState() => RandomNumberGenerator.GetString(Alphabet, StateLength);

    private readonly IDataProtector _protector = protection.CreateProtector("WeGate.Login.WeChatRedirect.v1");

    public string Issue(HttpContext http, string pool, string requestId, string connection, string flow, string phase = "")
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = NewState();
        var bound = new BoundLogin(pool, requestId, connection, flow, state, phase, clock.GetUtcNow() + Lifetime);
        var value = _protector.Protect(JsonSerializer.Serialize(bound));
        http.Response.Cookies.Append(CookieName(pool, requestId, connection), value, Options(http, pool, Lifetime));
        return state;
    }

    // The login this browser started with `state` for `flow`, or null. The cookie is deleted either way
    // once found, so a callback URL works once.
    public BoundLogin? Take(HttpContext http, string pool, string flow, string? state)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (state is not { Length: StateLength })
            return null;
        var wanted = Encoding.ASCII.GetBytes(state);
        foreach (var (name, value) in http.Request.Cookies.Where(c => c.Key.StartsWith(Prefix, StringComparison.Ordinal)).Take(MaxCookiesRead))
        {
            var bound = Read(value);
            if (bound is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(bound.State), wanted))
                continue;
            http.Response.Cookies.Delete(name, Options(http, pool, null));
            return bound.Pool == pool && bound.Flow == flow && bound.ExpiresAt > clock.GetUtcNow() ? bound : null;
        }
        return null;
    }

    private BoundLogin? Read(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<BoundLogin>(_protector.Unprotect(value));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static string CookieName(string pool, string requestId, string connection) =>
        Prefix + SecretHash.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($"{pool}\n{requestId}\n{connection}")))[..16];

    // SameSite=Lax: WeChat sends the browser back with a top-level GET, which Lax cookies accompany.
    private static CookieOptions Options(HttpContext http, string pool, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = $"/pools/{pool}/login/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
