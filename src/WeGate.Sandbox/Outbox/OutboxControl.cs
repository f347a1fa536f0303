using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Control;

namespace WeGate.Sandbox.Outbox;

// GET {prefix}/control/outbox?to=&channel= lists what was sent, DELETE clears it (docs/sandbox.md).
internal static class OutboxControl
{
    public static void Map(RouteGroupBuilder control, SandboxOutbox outbox)
    {
        control.MapGet("outbox", (Delegate)((HttpContext http) =>
            ControlBody.Json(outbox.List(http.Request.Query["to"].ToString(), http.Request.Query["channel"].ToString()))));

        control.MapDelete("outbox", (Delegate)((HttpContext http) =>
        {
            outbox.Clear(http.Request.Query["to"].ToString(), http.Request.Query["channel"].ToString());
            return Results.NoContent();
        }));
    }
}
