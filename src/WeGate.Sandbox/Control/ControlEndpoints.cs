using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Crypto;

namespace WeGate.Sandbox.Control;

// The control API: what a person does on the virtual phone, as JSON calls for automated tests
// (DESIGN.md §4). Errors are problem+json; WeChat's own error shape is only for the simulated API.
internal static class ControlEndpoints
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        control.MapPost("apps", (Delegate)(async (HttpContext http) =>
        {
            var request = await ControlBody.ReadAsync<CreateAppRequest>(http);
            if (request is null || (request.EncodingAesKey is { } key && !EncodingAesKey.TryParse(key, out _)))
            {
                return ControlBody.Invalid("An app needs a type, and an EncodingAESKey must be 43 characters of [a-zA-Z0-9].");
            }

            var app = new SandboxApp(request.AppId ?? SandboxRegistry.NewAppId(), request.Secret ?? SandboxRegistry.NewSecret(), request.Type)
            {
                OpenPlatformAccount = request.OpenPlatformAccount,
                OriginalId = request.OriginalId ?? (request.Type is SandboxAppType.OfficialAccount or SandboxAppType.MiniProgram ? "gh_" + RandomHex(12) : null),
                Token = request.Token,
                EncodingAesKey = request.EncodingAesKey,
                MessageMode = request.MessageMode,
                ServerUrl = request.ServerUrl,
            };
            return sandbox.Registry.TryAdd(app) ? ControlBody.Json(app, StatusCodes.Status201Created) : ControlBody.Conflict($"App {app.AppId} exists.");
        }));

        control.MapGet("apps", () => ControlBody.Json(sandbox.Registry.Apps));

        control.MapPost("personas", (Delegate)(async (HttpContext http) =>
        {
            var persona = await ControlBody.ReadAsync<Persona>(http);
            if (persona is null || string.IsNullOrWhiteSpace(persona.Id))
            {
                return ControlBody.Invalid("A persona needs an id.");
            }

            return sandbox.Registry.TryAdd(persona) ? ControlBody.Json(persona, StatusCodes.Status201Created) : ControlBody.Conflict($"Persona {persona.Id} exists.");
        }));

        control.MapGet("personas", () => ControlBody.Json(sandbox.Registry.Personas));

        control.MapGet("apps/{appId}/personas/{personaId}", (string appId, string personaId) =>
        {
            if (sandbox.Registry.FindApp(appId) is not { } app || sandbox.Registry.FindPersona(personaId) is not { } persona)
            {
                return ControlBody.NotFound("Unknown app or persona.");
            }

            var unionId = app.OpenPlatformAccount is { } account ? PersonaIds.UnionId(account, persona.Id) : null;
            return ControlBody.Json(new PersonaIdentity(app.AppId, persona.Id, PersonaIds.OpenId(app.AppId, persona.Id), unionId));
        });

        CodeControl.Map(control, sandbox);
        FaultControl.Map(control, sandbox);
    }

    private static string RandomHex(int length) => System.Security.Cryptography.RandomNumberGenerator.GetHexString(length, lowercase: true);
}
