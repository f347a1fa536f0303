using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Control;

// The phone's side of a qrconnect login (docs/wechat-contract.md#the-qr-page) for tests and the virtual phone: scan
// the QR, then confirm or deny.
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

            return Answer(QrConnectSteps.Scan(sandbox, id, persona.Id));
        }));

        control.MapPost("qrconnect/{id}/confirm", (Delegate)((HttpContext http) =>
            Answer(QrConnectSteps.Approve(sandbox, ControlBody.Route(http, "id")))));

        control.MapPost("qrconnect/{id}/deny", (Delegate)((HttpContext http) =>
            Answer(QrConnectSteps.Deny(sandbox, ControlBody.Route(http, "id")))));
    }

    private static IResult Answer((QrLoginSession? Session, bool Moved) result) => result switch
    {
        (null, _) => ControlBody.NotFound("Unknown login."),
        ({ } session, true) => ControlBody.Json(session),
        ({ } session, false) => ControlBody.Conflict($"Login {session.Id} is {session.Status.ToString().ToLowerInvariant()}; that step does not apply."),
    };
}
