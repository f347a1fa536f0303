using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Control;

// The control API: what a person does on the virtual phone, as JSON calls for automated tests
// (docs/sandbox.md#acting-as-the-user). Errors are problem+json; WeChat's own error shape is only for the simulated API.
internal static class ControlEndpoints
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        control.MapPost("apps", (Delegate)(async (HttpContext http) =>
        {
            var request = await ControlBody.ReadAsync<CreateAppRequest>(http);
            if (request is null)
            {
                return ControlBody.Invalid("An app needs a type: official-account, website, mobile or miniprogram.");
            }

            var app = new SandboxApp(request.AppId ?? SandboxRegistry.NewAppId(), request.Secret ?? SandboxRegistry.NewSecret(), request.Type)
            {
                OpenPlatformAccount = request.OpenPlatformAccount,
                OriginalId = request.OriginalId ?? (request.Type is SandboxAppType.OfficialAccount or SandboxAppType.MiniProgram ? "gh_" + RandomHex(12) : null),
                Token = request.Token,
                EncodingAesKey = request.EncodingAesKey,
                MessageMode = request.MessageMode,
                ServerUrl = request.ServerUrl,
                CallbackDomain = request.CallbackDomain,
                LoginUrl = request.LoginUrl?.TrimEnd('/'),
                IpWhitelist = request.IpWhitelist,
                PublishedPages = request.PublishedPages,
            };
            if (AppSettingsRules.Problem(app, sandbox.ServerUrls) is { } problem)
            {
                return ControlBody.Invalid(problem);
            }

            return sandbox.Registry.TryAdd(app) ? ControlBody.Json(app, StatusCodes.Status201Created) : ControlBody.Conflict($"App {app.AppId} exists.");
        }));

        control.MapGet("apps", () => ControlBody.Json(sandbox.Registry.Apps));

        // The server configuration and OAuth domain, as a developer edits them in the WeChat console.
        control.MapPatch("apps/{appId}", (Delegate)(async (HttpContext http) =>
        {
            var appId = ControlBody.Route(http, "appId");
            var request = await ControlBody.ReadAsync<UpdateAppRequest>(http);
            if (request is null || sandbox.Registry.FindApp(appId) is not { } app)
            {
                return request is null ? ControlBody.Invalid("A JSON body is needed.") : ControlBody.NotFound($"Unknown app {appId}.");
            }

            var changed = app with
            {
                ServerUrl = request.ServerUrl ?? app.ServerUrl,
                Token = request.Token ?? app.Token,
                EncodingAesKey = request.EncodingAesKey ?? app.EncodingAesKey,
                MessageMode = request.MessageMode ?? app.MessageMode,
                CallbackDomain = request.CallbackDomain ?? app.CallbackDomain,
                LoginUrl = request.LoginUrl?.TrimEnd('/') ?? app.LoginUrl,
                IpWhitelist = request.IpWhitelist is null ? app.IpWhitelist : request.IpWhitelist.Count == 0 ? null : request.IpWhitelist,
                PublishedPages = request.PublishedPages ?? app.PublishedPages,
            };
            if (AppSettingsRules.Problem(changed, sandbox.ServerUrls) is { } problem)
            {
                return ControlBody.Invalid(problem);
            }

            return ControlBody.Json(sandbox.Registry.Update(appId, _ => changed)!);
        }));

        control.MapPost("personas", (Delegate)(async (HttpContext http) =>
        {
            var persona = await ControlBody.ReadAsync<Persona>(http);
            if ((persona is null ? "A persona needs an id." : persona.Problem()) is { } problem)
            {
                return ControlBody.Invalid(problem);
            }

            if (!sandbox.Registry.TryAdd(persona!))
            {
                return ControlBody.Conflict($"Persona {persona!.Id} exists.");
            }

            sandbox.PersonaFile?.Save(sandbox.Registry.Personas);
            return ControlBody.Json(persona, StatusCodes.Status201Created);
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
        PushControl.Map(control, sandbox);
        QrConnectControl.Map(control, sandbox);
    }

    private static string RandomHex(int length) => System.Security.Cryptography.RandomNumberGenerator.GetHexString(length, lowercase: true);
}
