using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Phone;

// The virtual phone (DESIGN.md §4): {prefix}/phone, a page that acts as a persona through the control
// API, plus what it needs: the control calls of PhoneControl, a recorder on the simulated API that
// notes the QR codes apps draw, and {open}/connect/confirm, the page a qrconnect QR points to.
internal static class PhoneEndpoints
{
    public static void Map(RouteGroupBuilder root, RouteGroupBuilder api, WeChatSandbox sandbox)
    {
        var shown = new ShownCodes(sandbox);
        api.AddEndpointFilter(new ShownCodeRecorder(shown));
        PhoneControl.Map(root.MapGroup("control"), sandbox, new Scannables(sandbox, shown));
        QrConfirmPage.Map(root.MapGroup("open"), sandbox);

        root.MapGet("phone", (Delegate)((HttpContext http) => PhonePage.Render(RootOf(http))));
        root.MapGet("phone/phone.js", () => Results.Text(PhoneScript.Source, "text/javascript; charset=utf-8"));
    }

    // The sandbox's own root as the browser sees it ("" standalone, "/sandbox" mounted), from the page's path.
    private static string RootOf(HttpContext http)
    {
        var path = (http.Request.PathBase + http.Request.Path).Value ?? "";
        return path.EndsWith("/phone", StringComparison.Ordinal) ? path[..^"/phone".Length] : "";
    }
}
