using WeGate.Core.Admin;

namespace WeGate.Server.Console;

// The console at /console (docs/console.md): the routing table. Sign-in, its callback, the signed-out
// page and the set-up page are open; everything else passes ConsoleSession (signed in, anti-forgery on
// every POST, owners only for changes, except the POSTs marked ConsoleSession.ChangesNothing).
internal static class ConsoleEndpoints
{
    public static void AddConsole(this IServiceCollection services)
    {
        ConsoleSession.Add(services);
        services.AddSingleton<Administrators>();
        services.AddSingleton<ConsolePoolSetup>();
        services.AddSingleton<ConsoleSetupCode>();
    }

    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/console").ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.AdminPerIp);
        open.MapGet("/login", ConsoleSignIn.StartAsync);
        open.MapGet("/callback", ConsoleSignIn.CallbackAsync);
        open.MapGet("/signed-out", ConsoleSignIn.SignedOut);
        open.MapGet("/setup", SetupPage.ShowAsync);
        open.MapGet(TryLogin.CallbackPath["/console".Length..], TryLogin.CallbackAsync);
        open.MapPost("/setup", SetupPage.CreateAsync).RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);

        var console = app.MapGroup("/console").ExcludeFromDescription().DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.AdminPerIp)
            .AddEndpointFilter<ConsoleSession>();
        console.MapGet("", () => Results.Redirect("/console/pools"));
        console.MapPost("/logout", (Func<HttpContext, Task<IResult>>)ConsoleSignIn.SignOutAsync);
        console.MapGet("/pools", PoolsPage.ListAsync);
        console.MapPost("/pools", PoolsPage.CreateAsync);
        console.MapGet("/administrators", AdministratorsPage.ListAsync);
        console.MapPost("/administrators", AdministratorsPage.CreateAsync);
        console.MapPost("/administrators/{userId}/role", AdministratorsPage.SetRoleAsync);
        console.MapPost("/administrators/{userId}/remove", AdministratorsPage.RemoveAsync);

        var pool = console.MapGroup("/pools/{pool}").AddEndpointFilter(HideConsolePool);
        pool.MapGet("", PoolsPage.EditAsync);
        pool.MapPost("", PoolsPage.UpdateAsync);
        pool.MapPost("/delete", PoolsPage.DeleteAsync);
        pool.MapGet("/overview", Overview.OverviewPage.ShowAsync);
        pool.MapGet("/keys", KeysPage.ShowAsync);
        pool.MapPost("/keys/rotate", KeysPage.RotateAsync);
        pool.MapGet("/audit", AuditPage.ShowAsync);
        pool.MapGet("/audit.csv", AuditPage.CsvAsync);
        pool.MapGet("/applications", ApplicationsPage.ListAsync);
        pool.MapPost("/applications", ApplicationsPage.CreateAsync);
        pool.MapGet("/applications/{clientId}", ApplicationPage.ShowAsync);
        pool.MapPost("/applications/{clientId}", ApplicationPage.UpdateAsync);
        pool.MapPost("/applications/{clientId}/secret", ApplicationPage.RotateSecretAsync);
        pool.MapPost("/applications/{clientId}/try-login", TryLogin.StartAsync).WithMetadata(new ConsoleSession.ChangesNothing());
        pool.MapPost("/applications/{clientId}/try-login/allow", TryLogin.AllowAsync);
        pool.MapGet("/applications/{clientId}/try-login/result", TryLogin.ShowResult);
        pool.MapGet("/connections", ConnectionsPage.ListAsync);
        pool.MapGet("/connections/new", ConnectionsPage.NewAsync);
        pool.MapPost("/connections", ConnectionsPage.CreateAsync);
        pool.MapGet("/connections/{slug}", ConnectionPage.ShowAsync);
        pool.MapPost("/connections/{slug}", ConnectionPage.UpdateAsync);
        pool.MapPost("/connections/{slug}/delete", ConnectionPage.DeleteAsync);
        pool.MapPost("/connections/{slug}/doctor", ConnectionPage.DoctorAsync).WithMetadata(new ConsoleSession.ChangesNothing());
        pool.MapGet("/users", UsersPage.ListAsync);
        pool.MapGet("/users/{userId}", UserPage.ShowAsync);
        pool.MapPost("/users/{userId}/block", UserPage.BlockAsync);
        pool.MapPost("/users/{userId}/unblock", UserPage.UnblockAsync);
        pool.MapPost("/users/{userId}/identities/{identityId}/unlink", UserPage.UnlinkAsync);
        pool.MapPost("/users/{userId}/revoke", UserPage.RevokeAsync);
        pool.MapPost("/users/{userId}/password", UserPage.SetPasswordAsync);
        pool.MapGet("/users/{userId}/merge", UserMergePage.ReviewAsync);
        pool.MapPost("/users/{userId}/merge", UserMergePage.MergeAsync);
    }

    // The console's own pool is managed by `wegate admin`, the set-up page and the Administrators page, not by these pages.
    private static ValueTask<object?> HideConsolePool(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.RouteValues["pool"] as string == ConsolePool.Name
            ? throw Api.ApiProblemException.NotFound($"There is no pool '{ConsolePool.Name}'.")
            : next(context);
}
