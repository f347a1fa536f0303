using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Faults;

namespace WeGate.Sandbox.Control;

// Fault injection per API path and the call log (docs/sandbox.md#faults, docs/sandbox.md#the-call-log).
internal static class FaultControl
{
    public static void Map(RouteGroupBuilder control, WeChatSandbox sandbox)
    {
        control.MapPut("faults", (Delegate)(async (HttpContext http) =>
        {
            var fault = await ControlBody.ReadAsync<SandboxFault>(http);
            if (fault is null || string.IsNullOrWhiteSpace(fault.Path) || fault.Count <= 0 || fault.LatencyMs < 0)
            {
                return ControlBody.Invalid("A fault needs a path, a positive count if any, and a non-negative latency.");
            }

            sandbox.Faults.Set(fault);
            return Results.NoContent();
        }));

        control.MapGet("faults", () => ControlBody.Json(sandbox.Faults.All));

        control.MapDelete("faults", (string? path) =>
        {
            sandbox.Faults.Clear(path);
            return Results.NoContent();
        });

        control.MapGet("calls", (string? path) =>
            ControlBody.Json(sandbox.Calls.All.Where(call => path is null || call.Path == path.Trim('/')).ToList()));

        control.MapDelete("calls", () =>
        {
            sandbox.Calls.Clear();
            return Results.NoContent();
        });
    }
}
