using Microsoft.AspNetCore.Antiforgery;
using WeGate.Core.Accounts;
using WeGate.Core.Audit;
using WeGate.Core.Users;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.Password;

// Signing in with a login name and a password on the hosted login page (docs/security.md#password-sign-in).
// A failed attempt shows the page again, with fresh WeChat panels; a success ends the interaction.
internal sealed class PasswordLogin(IAntiforgery antiforgery) : ILoginMethod
{
    public string Id => "password";

    // The form posts in the page's language, so a failed attempt shows the page again in it.
    public string Render(ParkedRequest parked, HttpContext http, Texts texts, LoginPageInput input)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(input);
        var login = input.Method is null or "password" ? input.Login : parked.LoginHint;
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""
            <form method="post" action="/pools/{Page.Encode(parked.Pool)}/login?{LoginPageUrls.Language}={Page.Encode(texts.Language)}">
            <input type="hidden" name="request" value="{Page.Encode(parked.Id)}">
            <input type="hidden" name="{Page.Encode(tokens.FormFieldName)}" value="{Page.Encode(tokens.RequestToken)}">
            <label for="login">{Page.Encode(texts["login"])}</label>
            <input id="login" name="login" autocomplete="username" value="{Page.Encode(login)}" required maxlength="128">
            <label for="password">{Page.Encode(texts["password"])}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
            <button type="submit">{Page.Encode(texts["submit"])}</button>
            </form>
            """;
    }

    public static void Map(RouteGroupBuilder pool) =>
        pool.MapPost("/login", SignInAsync).RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);

    private static async Task<IResult> SignInAsync(string pool, HttpContext http, LoginPage page, LocalAccounts accounts, IUserStore users,
        Interactions interactions, IAuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var request = await page.LoadAsync(pool, form["request"].ToString(), ct);
        if (request is null)
            return LoginPage.Expired(http);
        var texts = request.Texts(http.Request);
        if (await Page.IsForgedAsync(http))
            return Page.Error(http, texts, WeGateErrors.FormForged.Error());

        var login = form["login"].ToString();
        var password = form["password"].ToString();
        Task<IResult> Again(string message, int status = StatusCodes.Status200OK) =>
            page.RenderAsync(http, request, new LoginPageInput(login, message, status, "password"), ct);
        if (login.Length == 0 || password.Length == 0)
            return await Again(texts["missing"]);
        Task Audit(string type, string outcome, string? userId, string reason) =>
            audit.WriteAsync(AuditEvents.From(http, pool, type, outcome) with { UserId = userId, ClientId = request.ClientId, Actor = "password", Reason = reason }, http.RequestAborted);
        switch (await accounts.CheckAsync(pool, login, password, ct))
        {
            case PasswordCheck.Success(var user):
                await users.RecordLoginAsync(pool, user.Id, ct);
                await Audit(LoginEventType.SignedIn, AuditOutcome.Success, user.Id, "password");
                return await interactions.CompleteAsync(http, request, new Resolution.SignedIn(user, false, []), "pwd", ct);
            case PasswordCheck.Blocked(var user):
                await Audit(LoginEventType.Refused, AuditOutcome.Failure, user.Id, "blocked");
                return await Again(texts["blocked"], StatusCodes.Status403Forbidden);
            case PasswordCheck.Locked(var until):
                await Audit(LoginEventType.Failed, AuditOutcome.Failure, null, "locked out");
                var minutes = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes));
                return await Again(texts.Format("locked", minutes), StatusCodes.Status429TooManyRequests);
            default:
                await Audit(LoginEventType.Failed, AuditOutcome.Failure, null, "wrong login or password");
                return await Again(texts["wrong"], StatusCodes.Status401Unauthorized);
        }
    }
}
