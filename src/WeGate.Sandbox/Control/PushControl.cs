using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Control;

// Official-account server traffic (docs/wechat-contract.md#official-account-server): follows, the delivery log and server-URL
// verification. Pushes run in the background; GET deliveries/{id}?wait=true blocks until one is done.
internal static class PushControl
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        control.MapPost("apps/{appId}/followers", (Delegate)(async (HttpContext http) =>
        {
            var appId = ControlBody.Route(http, "appId");
            var request = await ControlBody.ReadAsync<PersonaRequest>(http);
            if (OfficialAccount(sandbox, appId) is not { } app || sandbox.Registry.FindPersona(request?.PersonaId) is not { } persona)
            {
                return ControlBody.NotFound("Unknown official account or persona.");
            }

            var outcome = OfficialAccountEvents.Follow(sandbox, app, persona);
            return ControlBody.Json(new FollowResult(outcome.OpenId, outcome.AlreadyFollowing, outcome.Delivery?.Id));
        }));

        control.MapGet("deliveries", (Delegate)((HttpContext http) =>
            ControlBody.Json(sandbox.Deliveries.ForApp(http.Request.Query["app_id"].ToString() is { Length: > 0 } appId ? appId : null))));

        // wait=true holds the request until the delivery completes or timeout_ms (capped by
        // SandboxOptions.DeliveryWaitLimit) runs out; the answer is the delivery as it then stands.
        control.MapGet("deliveries/{id}", (Delegate)(async (HttpContext http) =>
        {
            var id = ControlBody.Route(http, "id");
            var limit = sandbox.Options.DeliveryWaitLimit;
            if (int.TryParse(http.Request.Query["timeout_ms"], out var ms) && ms > 0 && TimeSpan.FromMilliseconds(ms) < limit)
            {
                limit = TimeSpan.FromMilliseconds(ms);
            }

            var delivery = http.Request.Query["wait"] == "true"
                ? await sandbox.Deliveries.WaitAsync(id, limit, http.RequestAborted)
                : sandbox.Deliveries.Find(id);
            return delivery is null ? ControlBody.NotFound($"Unknown delivery {id}.") : ControlBody.Json(delivery);
        }));

        control.MapPost("apps/{appId}/verify-server", (Delegate)(async (HttpContext http) =>
        {
            var appId = ControlBody.Route(http, "appId");
            if (OfficialAccount(sandbox, appId) is not { } app)
            {
                return ControlBody.NotFound($"Unknown official account {appId}.");
            }

            if (app.ServerUrl is null || app.Token is null)
            {
                return ControlBody.Invalid("The app has no server URL and Token to verify.");
            }

            // Checked again now: the sandbox's settings or own address may have changed since it was saved.
            if (sandbox.ServerUrls.Problem(app.ServerUrl) is { } problem)
            {
                return ControlBody.Invalid(problem);
            }

            return ControlBody.Json(await sandbox.ServerVerifier.VerifyAsync(app, http.RequestAborted));
        }));
    }

    private static SandboxApp? OfficialAccount(WeChatSandbox sandbox, string appId) =>
        sandbox.Registry.FindApp(appId) is { Type: SandboxAppType.OfficialAccount } app ? app : null;
}
