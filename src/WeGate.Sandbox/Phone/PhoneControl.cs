using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Phone;

// The control calls the virtual phone needs beyond the ones tests already use: what is there to scan,
// what a QR's content is, and a persona's view of its apps and of the events it caused.
internal static class PhoneControl
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox, Scannables scannables)
    {
        // persona_id is optional; with it, official-account QRs say whether the persona follows.
        control.MapGet("scannables", (Delegate)((HttpContext http) =>
        {
            var (persona, unknown) = PersonaOf(sandbox, http.Request.Query["persona_id"].ToString());
            return unknown is null ? ControlBody.Json(scannables.List(persona)) : ControlBody.NotFound($"Unknown persona {unknown}.");
        }));

        control.MapPost("scannables/resolve", (Delegate)(async (HttpContext http) =>
        {
            var request = await ControlBody.ReadAsync<ResolveScanRequest>(http);
            if (request?.Content is not { Length: > 0 } content)
            {
                return ControlBody.Invalid("Give the QR's content: the URL or text it encodes.");
            }

            var (persona, unknown) = PersonaOf(sandbox, request.PersonaId);
            if (unknown is not null)
            {
                return ControlBody.NotFound($"Unknown persona {unknown}.");
            }

            return scannables.Resolve(content, persona) is { } found
                ? ControlBody.Json(found)
                : ControlBody.NotFound("Not a QR code of this sandbox, or it has expired: expected a qrconnect login, a parametric QR's url, ticket or showqrcode link, or a mini program code.");
        }));

        control.MapGet("personas/{personaId}/apps", (Delegate)((HttpContext http) =>
            sandbox.Registry.FindPersona(ControlBody.Route(http, "personaId")) is { } persona
                ? ControlBody.Json(sandbox.Registry.Apps.Select(app => View(sandbox, app, persona)).ToList())
                : ControlBody.NotFound($"Unknown persona {ControlBody.Route(http, "personaId")}.")));

        // The official-account events this persona's actions pushed, in push order.
        control.MapGet("personas/{personaId}/deliveries", (Delegate)((HttpContext http) =>
            sandbox.Registry.FindPersona(ControlBody.Route(http, "personaId")) is { } persona
                ? ControlBody.Json(sandbox.Deliveries.ForApp(null).Where(delivery => delivery.OpenId == PersonaIds.OpenId(delivery.AppId, persona.Id)).ToList())
                : ControlBody.NotFound($"Unknown persona {ControlBody.Route(http, "personaId")}.")));
    }

    private static (Persona? Persona, string? Unknown) PersonaOf(WeChatSandbox sandbox, string? id) =>
        string.IsNullOrEmpty(id) ? (null, null)
        : sandbox.Registry.FindPersona(id) is { } persona ? (persona, null)
        : (null, id);

    private static PersonaAppView View(WeChatSandbox sandbox, SandboxApp app, Persona persona)
    {
        var openId = PersonaIds.OpenId(app.AppId, persona.Id);
        return new PersonaAppView(app.AppId, app.Type, Scannables.NameOf(app), openId)
        {
            OpenPlatformAccount = app.OpenPlatformAccount,
            UnionId = app.OpenPlatformAccount is { } account ? PersonaIds.UnionId(account, persona.Id) : null,
            Following = app.Type == SandboxAppType.OfficialAccount ? sandbox.Followers.Find(app.AppId, openId) is not null : null,
        };
    }
}
