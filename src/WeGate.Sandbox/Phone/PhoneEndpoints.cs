using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Phone;

// The virtual phone (docs/sandbox.md#the-virtual-phone): {prefix}/phone, a page that acts as a persona through the control
// API, plus what it needs: the control calls of PhoneControl and {open}/connect/confirm, the page a
// qrconnect QR points to.
internal static class PhoneEndpoints
{
    // phone.js is embedded because the sandbox ships as one assembly, with no static files to serve.
    private static readonly string Script = ReadScript();

    public static void Map(RouteGroupBuilder root, RouteGroupBuilder control, RouteGroupBuilder asPersona, WeChatSandbox sandbox, ControlAccess access)
    {
        PhoneControl.Map(control, sandbox, new Scannables(sandbox));
        QrConfirmPage.Map(asPersona, sandbox);

        // From another machine the page first asks for the control secret, then keeps it as a cookie
        // that the phone's control calls and the persona pages carry.
        root.MapGet("phone", (Delegate)((HttpContext http) =>
            access.Allows(http) ? PhonePage.Render(RootOf(http))
            : access.HasSecret ? PhonePage.Unlock(wrong: false)
            : PageHtml.Refused(access)));
        root.MapPost("phone/unlock", (Delegate)(async (HttpContext http) =>
        {
            var form = await FormBody.ReadAsync(http);
            if (!access.Matches(form?["secret"].ToString()))
            {
                return access.HasSecret ? PhonePage.Unlock(wrong: true) : PageHtml.Refused(access);
            }

            var root = RootOf(http, "/phone/unlock");
            http.Response.Cookies.Append(ControlAccess.CookieName, access.CookieValue(), new CookieOptions
            {
                Path = root + "/",
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
            });
            return Results.Redirect(root + "/phone");
        }));
        root.MapGet("phone/phone.js", () => Results.Text(Script, "text/javascript; charset=utf-8"));
    }

    // The sandbox's own root as the browser sees it ("" standalone, "/sandbox" mounted), from the page's path.
    private static string RootOf(HttpContext http, string page = "/phone")
    {
        var path = (http.Request.PathBase + http.Request.Path).Value ?? "";
        return path.EndsWith(page, StringComparison.Ordinal) ? path[..^page.Length] : "";
    }

    private static string ReadScript()
    {
        using var stream = typeof(PhoneEndpoints).Assembly.GetManifestResourceStream("WeGate.Sandbox.Phone.phone.js")
            ?? throw new InvalidOperationException("phone.js is missing from the sandbox assembly's resources.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
