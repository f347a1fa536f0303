using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Api;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Control;

// Codes as a persona's WeChat would hand them to an app, and scans of parametric QR codes.
internal static class CodeControl
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        // OAuth codes: snsapi_login for websites, snsapi_userinfo for mobile apps (the only scope they
        // may ask, docs/wechat-contract.md#mobile-app-login), snsapi_base or snsapi_userinfo for official accounts (docs/wechat-contract.md#official-account-web-authorization).
        control.MapPost("codes/oauth", (Delegate)(async (HttpContext http) =>
            await IssueAsync(http, sandbox, CodeKind.OAuth, (app, _, scope) => (app.Type, scope ?? DefaultScope(app.Type)) switch
            {
                (SandboxAppType.Website, "snsapi_login") => "snsapi_login",
                (SandboxAppType.Mobile, "snsapi_userinfo") => "snsapi_userinfo",
                (SandboxAppType.OfficialAccount, "snsapi_base" or "snsapi_userinfo") => scope ?? "snsapi_base",
                _ => null,
            })));

        control.MapPost("codes/js", (Delegate)(async (HttpContext http) =>
            await IssueAsync(http, sandbox, CodeKind.JsCode, (app, _, _) => app.Type == SandboxAppType.MiniProgram ? "" : null)));

        control.MapPost("codes/phone", (Delegate)(async (HttpContext http) =>
            await IssueAsync(http, sandbox, CodeKind.Phone, (app, persona, _) =>
                app.Type == SandboxAppType.MiniProgram && persona.Phone is not null ? "" : null)));

        control.MapPost("qr/scan", (Delegate)(async (HttpContext http) =>
        {
            var request = await ControlBody.ReadAsync<ScanRequest>(http);
            if (sandbox.QrTickets.Find(request?.Ticket) is not { } ticket)
            {
                return ControlBody.NotFound("Unknown or expired ticket.");
            }

            string? pushed = null;
            string? deliveryId = null;
            if (request!.PersonaId is not null)
            {
                if (sandbox.Registry.FindPersona(request.PersonaId) is not { } persona)
                {
                    return ControlBody.NotFound($"Unknown persona {request.PersonaId}.");
                }

                var (eventName, delivery) = OfficialAccountEvents.Scan(sandbox, ticket, persona, request.Follow);
                (pushed, deliveryId) = (eventName, delivery?.Id);
            }

            return ControlBody.Json(new ScanResult(
                ticket.AppId, ticket.Ticket, ticket.ActionName, OfficialAccountEndpoints.SceneText(ticket), ticket.Url, ticket.IsPermanent)
            {
                Event = pushed,
                DeliveryId = deliveryId,
            });
        }));
    }

    private static string DefaultScope(SandboxAppType type) => type switch
    {
        SandboxAppType.Website => "snsapi_login",
        SandboxAppType.Mobile => "snsapi_userinfo",
        _ => "snsapi_base",
    };

    // `scopeFor` answers the code's scope ("" for none) or null when this app or persona cannot get one.
    private static async Task<IResult> IssueAsync(HttpContext http, WeChatSandbox sandbox, CodeKind kind, Func<SandboxApp, Persona, string?, string?> scopeFor)
    {
        var request = await ControlBody.ReadAsync<IssueCodeRequest>(http);
        if (sandbox.Registry.FindApp(request?.AppId) is not { } app || sandbox.Registry.FindPersona(request!.PersonaId) is not { } persona)
        {
            return ControlBody.NotFound("Unknown app or persona.");
        }

        if (scopeFor(app, persona, request.Scope) is not { } scope)
        {
            return ControlBody.Invalid($"A {kind} code cannot be issued for this {app.Type} app, persona and scope.");
        }

        var lifetime = sandbox.CodeLifetime(app.Type, kind);
        var issued = sandbox.Codes.Issue(kind, app.AppId, persona.Id, scope.Length == 0 ? null : scope, lifetime);
        return ControlBody.Json(new IssuedCodeResponse(issued.Code, (int)lifetime.TotalSeconds));
    }
}
