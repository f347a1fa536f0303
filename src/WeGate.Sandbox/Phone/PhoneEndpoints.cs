using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Phone;

// The virtual phone (DESIGN.md §4): {prefix}/phone, a page that acts as a persona through the control
// API, plus what it needs: the control calls of PhoneControl and {open}/connect/confirm, the page a
// qrconnect QR points to.
internal static class PhoneEndpoints
{
    // phone.js is embedded because the sandbox ships as one assembly, with no static files to serve.
    private static readonly string Script = ReadScript();

    public static void Map(RouteGroupBuilder root, WeChatSandbox sandbox)
    {
        PhoneControl.Map(root.MapGroup("control"), sandbox, new Scannables(sandbox));
        QrConfirmPage.Map(root.MapGroup("open"), sandbox);

        root.MapGet("phone", (Delegate)((HttpContext http) => PhonePage.Render(RootOf(http))));
        root.MapGet("phone/phone.js", () => Results.Text(Script, "text/javascript; charset=utf-8"));
    }

    // The sandbox's own root as the browser sees it ("" standalone, "/sandbox" mounted), from the page's path.
    private static string RootOf(HttpContext http)
    {
        var path = (http.Request.PathBase + http.Request.Path).Value ?? "";
        return path.EndsWith("/phone", StringComparison.Ordinal) ? path[..^"/phone".Length] : "";
    }

    private static string ReadScript()
    {
        using var stream = typeof(PhoneEndpoints).Assembly.GetManifestResourceStream("WeGate.Sandbox.Phone.phone.js")
            ?? throw new InvalidOperationException("phone.js is missing from the sandbox assembly's resources.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
