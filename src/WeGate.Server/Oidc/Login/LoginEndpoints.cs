using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Server.Login;
using WeGate.Core.Users;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Sessions;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Oidc.Login;

// The hosted login page (docs/oidc.md#sign-in-and-sessions): where an authorization request waits while the person signs in.
// Login flows plug their buttons and QR panels in here (docs/logins.md).
internal static class LoginEndpoints
{
    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapGet("/login", async (string pool, string? request, HttpContext http, CancellationToken ct) =>
        {
            var (auth, app, texts) = await LoadAsync(pool, request, http, ct);
            return auth is null ? Page.Html(http, texts, texts["title"], $"<p class=\"error\">{Page.Encode(texts["expired"])}</p>", StatusCodes.Status400BadRequest)
                : Form(http, texts, pool, request!, app!, auth.LoginHint, null, panels: await PanelsAsync(pool, request!, auth, app!, http, texts, ct));
        });

        pool.MapPost("/login", async (string pool, HttpContext http, CancellationToken ct) =>
        {
            var services = http.RequestServices;
            var form = await http.Request.ReadFormAsync(ct);
            var requestId = form["request"].ToString();
            var (auth, app, texts) = await LoadAsync(pool, requestId, http, ct);
            if (auth is null)
                return Page.Html(http, texts, texts["title"], $"<p class=\"error\">{Page.Encode(texts["expired"])}</p>", StatusCodes.Status400BadRequest);
            if (await Page.IsForgedAsync(http))
                return Page.Error(http, texts, OAuthError.InvalidRequest("The form's anti-forgery token is missing or wrong; reload the page and sign in again"));

            var login = form["login"].ToString();
            var password = form["password"].ToString();
            // A failed attempt shows the page again, with the WeChat panels (fresh tickets and codes).
            async Task<IResult> Again(string message, int status = StatusCodes.Status200OK) =>
                Form(http, texts, pool, requestId, app!, login, message, status, await PanelsAsync(pool, requestId, auth, app!, http, texts, ct));
            if (login.Length == 0 || password.Length == 0)
                return await Again(texts["missing"]);
            var check = await services.GetRequiredService<LocalAccounts>().CheckAsync(pool, login, password, ct);
            var audit = services.GetRequiredService<IAuditLog>();
            switch (check)
            {
                case PasswordCheck.Success(var user):
                    var session = await services.GetRequiredService<SsoSessions>().StartAsync(http, pool, user.Id, "pwd", ct);
                    await services.GetRequiredService<IUserStore>().RecordLoginAsync(pool, user.Id, ct);
                    await Audit(audit, http, pool, auth.ClientId, LoginEventType.SignedIn, AuditOutcome.Success, user.Id, "password");
                    await services.GetRequiredService<AuthorizationRequestStore>().DeleteAsync(requestId, ct);
                    return await services.GetRequiredService<AuthorizationResponses>().CodeAsync(pool, auth, session, ct);
                case PasswordCheck.Blocked(var user):
                    await Audit(audit, http, pool, auth.ClientId, LoginEventType.Refused, AuditOutcome.Failure, user.Id, "blocked");
                    return await Again(texts["blocked"], StatusCodes.Status403Forbidden);
                case PasswordCheck.Locked(var until):
                    await Audit(audit, http, pool, auth.ClientId, LoginEventType.Failed, AuditOutcome.Failure, null, "locked out");
                    var minutes = Math.Max(1, (int)Math.Ceiling((until - services.GetRequiredService<TimeProvider>().GetUtcNow()).TotalMinutes));
                    return await Again(texts.Format("locked", minutes), StatusCodes.Status429TooManyRequests);
                default:
                    await Audit(audit, http, pool, auth.ClientId, LoginEventType.Failed, AuditOutcome.Failure, null, "wrong login or password");
                    return await Again(texts["wrong"], StatusCodes.Status401Unauthorized);
            }
        }).RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
    }

    private static async Task<(AuthorizationRequest?, Application?, Texts)> LoadAsync(string pool, string? requestId, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var json = string.IsNullOrEmpty(requestId) || requestId.Length > 64 ? null : await services.GetRequiredService<AuthorizationRequestStore>().GetAsync(pool, requestId, ct);
        var auth = json is null ? null : JsonSerializer.Deserialize<AuthorizationRequest>(json, AuthorizationResponses.Json);
        var texts = Texts.For(auth?.UiLocales, http.Request);
        var app = auth is null ? null : await services.GetRequiredService<IApplicationStore>().GetAsync(pool, auth.ClientId, ct);
        return app is null || !app.Enabled ? (null, null, texts) : (auth, app, texts);
    }

    // Each enabled connection's login flow adds its button or QR panel above the password form.
    private static async Task<string> PanelsAsync(string pool, string requestId, AuthorizationRequest auth, Application app, HttpContext http, Texts texts, CancellationToken ct)
    {
        var flows = http.RequestServices.GetServices<ILoginFlow>().ToDictionary(f => f.ConnectionType, StringComparer.Ordinal);
        if (flows.Count == 0 || app.Connections.Count == 0)
            return "";
        var connections = http.RequestServices.GetRequiredService<IConnectionStore>();
        var html = new System.Text.StringBuilder();
        foreach (var slug in app.Connections)
        {
            if (await connections.GetAsync(pool, slug, ct) is { Enabled: true } connection && flows.TryGetValue(connection.Type, out var flow)
                && await flow.RenderAsync(new LoginPanel(pool, requestId, auth, app, connection, http, texts), ct) is { } panel)
            {
                html.Append(panel);
            }
        }
        return html.ToString();
    }

    private static IResult Form(HttpContext http, Texts texts, string pool, string requestId, Application app, string? login, string? error, int status = StatusCodes.Status200OK, string panels = "")
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{Page.Encode(error)}</p>";
        return Page.Html(http, texts, texts["title"], $"""
            <h1>{Page.Encode(texts["title"])}</h1>
            <p class="sub">{Page.Encode(texts.Format("to", app.DisplayName))}</p>
            {message}
            {panels}
            <form method="post" action="/pools/{Page.Encode(pool)}/login">
            <input type="hidden" name="request" value="{Page.Encode(requestId)}">
            <input type="hidden" name="{Page.Encode(tokens.FormFieldName)}" value="{Page.Encode(tokens.RequestToken)}">
            <label for="login">{Page.Encode(texts["login"])}</label>
            <input id="login" name="login" autocomplete="username" value="{Page.Encode(login)}" required maxlength="128">
            <label for="password">{Page.Encode(texts["password"])}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
            <button type="submit">{Page.Encode(texts["submit"])}</button>
            </form>
            """, status);
    }

    private static Task Audit(IAuditLog audit, HttpContext http, string pool, string clientId, string type, string outcome, string? userId, string reason) =>
        audit.WriteAsync(new AuditEvent
        {
            Pool = pool, Type = type, Outcome = outcome, UserId = userId, ClientId = clientId, Reason = reason,
            Ip = http.Connection.RemoteIpAddress?.ToString(), UserAgent = http.Request.Headers.UserAgent.ToString(),
        }, http.RequestAborted);
}
