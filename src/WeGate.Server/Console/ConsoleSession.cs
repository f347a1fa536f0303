using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using WeGate.Core.Admin;
using WeGate.Core.Users;
using WeGate.Server.Admin;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// The console's own session after WeGate's login (docs/console.md#security): an encrypted cookie,
// HttpOnly, SameSite=Strict, Secure on https, ended after IdleTimeout without a request and after
// Lifetime whatever happens. Each request reads the administrator again, so a removed administrator
// or a changed role counts at once. Every POST must carry the anti-forgery token, and only an owner
// may post anything but Sign out and what is marked ChangesNothing.
internal sealed class ConsoleSession(IAdministratorStore administrators, IUserStore users, TimeProvider clock) : IEndpointFilter
{
    public const string Scheme = "wegate-console";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private const string SignedInItem = "wegate.console.signed_in";
    private const string SignedInAtClaim = "signed_in_at";

    public sealed record SignedIn(Administrator Administrator, string Email);

    // Marks a POST that changes nothing stored (Try login's start, the connection doctor): read-only
    // administrators may send it, still with the anti-forgery token.
    public sealed class ChangesNothing;

    public static SignedIn? Current(HttpContext http) => http?.Items[SignedInItem] as SignedIn;

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<ConsoleSession>();
        // The console's cookie is the only authentication scheme, and ASP.NET Core would make the only
        // scheme the default, so that the authentication middleware reads it on every request: every
        // login step, token request and sandbox call. Only the console asks for it (AuthenticateAsync,
        // by name), so no scheme is the default (docs/performance.md#per-request-overhead).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "wegate_console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
        });
    }

    public static Task SignInAsync(HttpContext http, string userId, DateTimeOffset now)
    {
        var identity = new ClaimsIdentity([new Claim("sub", userId), new Claim(SignedInAtClaim, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Scheme, "sub", null);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    // The signed-in administrator, or null (and the cookie dropped) when there is none any more.
    public async Task<SignedIn?> AuthenticateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirstValue("sub") is not { } userId
            || !long.TryParse(result.Principal.FindFirstValue(SignedInAtClaim), out var at)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(at) > Lifetime)
            return null;
        var administrator = await administrators.GetAsync(userId, http.RequestAborted);
        var user = administrator is null ? null : await users.GetAsync(ConsolePool.Name, userId, http.RequestAborted);
        if (administrator is null || user is null || user.Blocked)
        {
            await SignOutAsync(http);
            return null;
        }
        http.User = result.Principal;
        var signedIn = new SignedIn(administrator, user.Profile.Email ?? userId);
        http.Items[SignedInItem] = signedIn;
        // The admin API's audit events name this administrator as the actor (docs/console.md#one-implementation-two-surfaces).
        http.Items[AdminAuthentication.ActorItem] = "administrator:" + signedIn.Email;
        return signedIn;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var signedIn = await AuthenticateAsync(http);
        var t = ConsoleTexts.For(http);
        if (signedIn is null)
        {
            if (HttpMethods.IsGet(http.Request.Method))
                return Results.Redirect("/console/login?return=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return ConsoleLayout.Refusal(http, t, t["expired_title"], t["expired"], StatusCodes.Status401Unauthorized);
        }
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            if (await Page.IsForgedAsync(http))
                return ConsoleLayout.Refusal(http, t, t["forged_title"], t["forged"], StatusCodes.Status403Forbidden);
            if (!signedIn.Administrator.CanChange && http.Request.Path != "/console/logout" && http.GetEndpoint()?.Metadata.GetMetadata<ChangesNothing>() is null)
                return ConsoleLayout.Refusal(http, t, t["read_only_title"], t["read_only"], StatusCodes.Status403Forbidden);
        }
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            // An unknown pool or application in the address, or a rule the page did not catch itself.
            return ConsoleLayout.Refusal(http, t, t["refused_title"], e.Message, e.Status);
        }
    }
}
