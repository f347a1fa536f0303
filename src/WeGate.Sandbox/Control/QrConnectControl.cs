using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Control;

// The phone's side of a qrconnect login (wechat-api.md §2.1): scan the QR, then confirm or deny.
// For tests now and for the virtual phone later.
internal static class QrConnectControl
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        control.MapGet("qrconnect", (Delegate)((HttpContext http) =>
            ControlBody.Json(sandbox.QrLogins.Pending(http.Request.Query["app_id"].ToString() is { Length: > 0 } appId ? appId : null))));

        control.MapGet("qrconnect/{id}", (Delegate)((HttpContext http) =>
            sandbox.QrLogins.Find(ControlBody.Route(http, "id")) is { } session ? ControlBody.Json(session) : ControlBody.NotFound("Unknown login.")));

        control.MapPost("qrconnect/{id}/scan", (Delegate)(async (HttpContext http) =>
        {
            var id = ControlBody.Route(http, "id");
            var request = await ControlBody.ReadAsync<PersonaRequest>(http);
            if (sandbox.Registry.FindPersona(request?.PersonaId) is not { } persona)
            {
                return ControlBody.NotFound("Unknown persona.");
            }

            return Answer(sandbox.QrLogins.Move(id, QrLoginStatus.Waiting, session => session with
            {
                Status = QrLoginStatus.Scanned,
                PersonaId = persona.Id,
            }));
        }));

        // The code is issued for the app and the persona who scanned: 10 minutes, single use (§2.1).
        control.MapPost("qrconnect/{id}/confirm", (Delegate)((HttpContext http) =>
            Answer(sandbox.QrLogins.Move(ControlBody.Route(http, "id"), QrLoginStatus.Scanned, session =>
            {
                var lifetime = sandbox.CodeLifetime(Registry.SandboxAppType.Website, CodeKind.OAuth);
                var code = sandbox.Codes.Issue(CodeKind.OAuth, session.AppId, session.PersonaId!, "snsapi_login", lifetime);
                return session with
                {
                    Status = QrLoginStatus.Confirmed,
                    RedirectUrl = RedirectRules.WithQuery(session.RedirectUri, ("code", code.Code), ("state", session.State)),
                };
            }))));

        control.MapPost("qrconnect/{id}/deny", (Delegate)((HttpContext http) =>
            Answer(sandbox.QrLogins.Move(ControlBody.Route(http, "id"), QrLoginStatus.Scanned, session => session with { Status = QrLoginStatus.Denied }))));
    }

    private static IResult Answer((QrLoginSession? Session, bool Moved) result) => result switch
    {
        (null, _) => ControlBody.NotFound("Unknown login."),
        ({ } session, true) => ControlBody.Json(session),
        ({ } session, false) => ControlBody.Conflict($"Login {session.Id} is {session.Status.ToString().ToLowerInvariant()}; that step does not apply."),
    };
}
