using System.Text;
using System.Text.Json;
using WeGate.Server.Pages;

namespace WeGate.Server.Demo;

// The demo application's one page: how to try each login, and the claims of whoever signed in last.
internal static class DemoPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Render(HttpContext http, object? signedIn, DemoEndpoints.AppTicket? ticket)
    {
        var texts = Texts.For(null, http.Request);
        var body = new StringBuilder();
        body.Append("<h1>WeGate demo</h1><p class=\"sub\">An application of the pool <code>default</code>. Open the <a href=\"/sandbox/phone\" target=\"_blank\">virtual phone</a> in a second tab to act as a WeChat user.</p>");
        if (signedIn is not null)
        {
            var json = JsonSerializer.SerializeToElement(signedIn);
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>Signed in with {Page.Encode(json.GetProperty("How").GetString())}</h2>");
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>Userinfo claims:</p><pre>{Page.Encode(JsonSerializer.Serialize(json.GetProperty("Claims"), Indented))}</pre>");
            var idToken = json.GetProperty("IdToken").GetString();
            if (idToken is not null)
                body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p><a href=\"/pools/default/oauth2/logout?id_token_hint={Uri.EscapeDataString(idToken)}&post_logout_redirect_uri={Uri.EscapeDataString(http.RequestServices.GetRequiredService<Oidc.Issuer>().Base + "/demo")}\">Sign out of WeGate</a></p>");
            body.Append("<form method=\"post\" action=\"/demo/forget\"><button type=\"submit\">Forget this result</button></form>");
        }
        body.Append("""
            <h2>Browser logins</h2>
            <p><a href="/demo/login"><button type="button">Sign in with WeGate</button></a></p>
            <p class="sub">The login page offers the official-account QR, the website QR and the mini program code; scan them
            on the virtual phone. Inside WeChat (a MicroMessenger user agent) it offers the in-WeChat login instead.</p>
            <h2>Mini program and mobile app</h2>
            <p class="sub">On the virtual phone, get a <code>wx.login</code> code (and a phone code) on the mini program screen,
            or a SendAuth code on the app screen, and paste it here: the demo exchanges it for tokens.</p>
            <form method="post" action="/demo/exchange">
            <label for="kind">Code from</label>
            <select id="kind" name="kind"><option value="miniprogram">mini program (wx.login)</option><option value="mobile">mobile app (SendAuth)</option></select>
            <label for="code">Code</label><input id="code" name="code" required>
            <label for="phone_code">Phone code (optional, mini program)</label><input id="phone_code" name="phone_code">
            <button type="submit">Exchange for tokens</button>
            </form>
            <h2>App launches mini program</h2>
            """);
        if (ticket is null)
        {
            body.Append("""<form method="post" action="/demo/app-mp/open"><p class="sub">1. The app opens a one-time ticket and launches the mini program with it.</p><button type="submit">Open a ticket</button></form>""");
        }
        else
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                <p class="sub">1. Ticket <code>{Page.Encode(ticket.Ticket)}</code>: the app launches <code>{Page.Encode(ticket.UserName)}</code> at <code>{Page.Encode(ticket.LaunchPath)}</code>.</p>
                <form method="post" action="/demo/app-mp/confirm"><p class="sub">2. In the mini program (the virtual phone's mini program screen), get a <code>wx.login</code> code and paste it: the mini program signs in against the ticket.</p>
                <label for="mp_code">wx.login code</label><input id="mp_code" name="code" required>
                <label for="mp_phone">Phone code (optional)</label><input id="mp_phone" name="phone_code">
                <button type="submit">Sign the mini program in</button></form>
                <form method="post" action="/demo/app-mp/redeem"><p class="sub">3. Back in the app, redeem the ticket with its secret.</p><button type="submit">Redeem the ticket</button></form>
                """);
        }
        return Page.Html(http, texts, "WeGate demo", body.ToString());
    }

    public static IResult Problem(HttpContext http, string message) =>
        Page.Html(http, Texts.For(null, http.Request), "WeGate demo",
            $"<h1>WeGate demo</h1><p class=\"error\">{Page.Encode(message)}</p><p><a href=\"/demo\">Back to the demo</a></p>", StatusCodes.Status400BadRequest);
}
