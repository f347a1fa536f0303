using System.Globalization;
using System.Text;
using System.Text.Json;
using WeGate.Server.Hosting;
using WeGate.Server.Oidc;
using WeGate.Server.Pages;

namespace WeGate.Server.Demo;

// The demo application's one page: how to try each of the seven logins (numbered as in
// docs/logins.md#the-seven-wechat-logins), and the claims of whoever signed in last.
internal static class DemoPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Style = """
        <style>
        main{max-width:760px}h2{font-size:18px;margin:28px 0 8px}li{margin:6px 0}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border-radius:8px;padding:12px;font-size:13px}
        a.button{display:inline-block;padding:10px 18px;border-radius:8px;background:#067a3e;color:#fff;text-decoration:none}
        button{width:auto;margin-top:12px;padding:10px 18px}
        .state{border-radius:8px;padding:10px 12px;margin:10px 0;background:#f6f8fa}.state[data-state="done"]{background:#effaf3}.state[data-state="waiting"]{background:#fff8e6}
        .state form{margin:0}.notice{background:#effaf3;border-radius:8px;padding:10px 12px}
        </style>
        """;

    public static IResult Render(HttpContext http, WeGateOptions options, Issuer issuer, DemoTokens.SignedIn? signedIn, DemoAppMp.AppTicket? ticket, bool signedOut)
    {
        var phone = Page.Encode(options.Sandbox.Prefix.TrimEnd('/') + "/phone");
        var confirmUrl = issuer.Endpoint(DemoWorld.Pool, "login/mp-qr/confirm");
        var body = new StringBuilder(Style);
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>WeGate demo</h1>
            <p class="sub">An application of the pool <code>default</code>. Open the <a href="{phone}" target="_blank">virtual phone</a> in a second
            window: there you are the WeChat user (小明, 小红, 小双 or 小新, picked under 我 Me) who scans, approves and hands out codes.</p>
            """);
        if (signedIn is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <section id="result" data-demo="signed-in"><h2>Signed in with {Page.Encode(signedIn.How)}{(signedIn.Amr is { } amr ? $" <small data-amr=\"{Page.Encode(amr)}\">(amr <code>{Page.Encode(amr)}</code>)</small>" : "")}</h2>
                <p>Userinfo claims:</p><pre>{Page.Encode(JsonSerializer.Serialize(signedIn.Claims, Indented))}</pre>
                {(signedIn.IdToken is null ? "" : "<p><a class=\"button\" href=\"/demo/logout\">Sign out of WeGate</a></p>")}
                <form method="post" action="/demo/forget"><button type="submit">Forget this result</button></form></section>
                """);
        }
        else if (signedOut)
        {
            body.Append("""<p id="result" class="notice" data-demo="signed-out"><strong>You are signed out.</strong> WeGate ended your session and the demo forgot your claims. Sign in again with any login below: the same person gets the same <code>sub</code>.</p>""");
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <h2>1–3. On a computer: codes on WeGate's login page</h2>
            <p><a class="button" href="/demo/login">Sign in with WeGate</a></p>
            <p>The login page shows three codes. On the virtual phone, 扫一扫 Scan lists them:</p>
            <ol>
            <li><strong>Follow official account</strong> (<code>oa-follow</code>): scan the 公众号二维码 and tap 关注公众号 Follow.</li>
            <li><strong>Website QR</strong> (<code>website-qr</code>): scan the 网站登录 and tap 允许 Allow.</li>
            <li><strong>Mini program code</strong> (<code>mp-qr</code>): scan the 小程序码; the phone opens the mini program. Tap wx.login(),
            enter <code id="mp-qr-confirm">{Page.Encode(confirmUrl)}</code> under 发送到你的服务器 Send to your server, and tap 发送 Send.</li>
            </ol>
            <p class="sub">The login page then comes back here by itself, signed in.</p>
            <h2 id="accounts">One person, one account: account selection and ask to bind</h2>
            <p id="try-selection"><strong>Account selection</strong>: 小双 has two accounts from before their unionid was known, one from the mini program
            and one from the website, so when you are 小双 and sign in with the mini program code (<code>mp-qr</code>), the login page asks which account to use
            (the phone is told to finish there) and WeGate remembers the answer.</p>
            <p><a class="button" href="/demo/login?app=bind">Sign in — ask to bind</a></p>
            <p id="try-bind"><strong>Ask to bind</strong>: the application <code>{DemoWorld.BindClientId}</code> signs in with the website QR of a connection that asks
            a WeChat user it does not know yet (小新, say) to create an account or link one they have. Link the demo account: its username is
            <code id="demo-username">{DemoWorld.DemoUserName}</code> and password <code id="demo-password">{DemoWorld.DemoUserPassword}</code>, or have a code sent
            by SMS to its phone <code id="demo-phone">{DemoWorld.DemoUserPhone}</code>. In Development every SMS goes to the sandbox's outbox: the code shows on the
            virtual phone's 消息 Messages screen when you are 小新, whose number it is.</p>
            <p id="try-code"><strong>Without WeChat</strong>: the demo account also signs in on the login page's 密码登录 Password tab, or its
            验证码登录 Code tab with a code sent to that phone, read on the virtual phone the same way.</p>
            <h2>4. Inside WeChat (<code>oa-web</code>)</h2>
            <p>WeGate offers this login only in WeChat's own browser, which it knows by <code>MicroMessenger</code> in the user agent. Make this
            browser pretend: in Chrome's DevTools, ⋮ → More tools → Network conditions → User agent, untick "Use browser default" and enter
            <code id="wechat-user-agent">{Page.Encode(WeChatUserAgent)}</code>. Pick who you are on the virtual phone in this same browser, then
            press Sign in with WeGate: the login page shows 微信一键登录 (Sign in with WeChat on an English page). The first time, WeChat asks you to 允许 Allow sharing your nickname and avatar.</p>
            <h2>5–6. Mini program and mobile app: paste a code</h2>
            <ol>
            <li><strong>Mini program</strong> (<code>miniprogram</code>): on the virtual phone's 小程序 Mini program screen, tap wx.login() and
            copy the code; for the phone number, also tap 手机号快速验证 and copy that code. Paste them here with "mini program".</li>
            <li><strong>Mobile app</strong> (<code>mobile</code>): on the 移动应用 App screen, tap 允许 Allow and copy the code. Paste it here with "mobile app".</li>
            </ol>
            <form method="post" action="/demo/exchange">
            <label for="kind">Code from</label>
            <select id="kind" name="kind"><option value="miniprogram">mini program (wx.login)</option><option value="mobile">mobile app (SendAuth)</option></select>
            <label for="code">Code</label><input id="code" name="code" required>
            <label for="phone_code">Phone code (optional, mini program)</label><input id="phone_code" name="phone_code">
            <button type="submit">Exchange for tokens</button>
            </form>
            <h2 id="app-mp">7. App launches mini program (<code>app-mp</code>)</h2>
            <p class="sub">This page plays the mobile app; the mini program's part is a wx.login code you paste.</p>
            """);
        AppMpSteps(body, ticket);
        return Page.Html(http, Texts.For(null, http.Request), "WeGate demo", body.ToString());
    }

    // A user agent of WeChat's in-app browser on an iPhone: what the login page looks for is MicroMessenger.
    public const string WeChatUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN";

    private static void AppMpSteps(StringBuilder body, DemoAppMp.AppTicket? ticket)
    {
        const string open = """<form method="post" action="/demo/app-mp/open"><button type="submit">Open a ticket</button></form>""";
        if (ticket is null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<div class="state" data-step="open" data-state="todo"><p>1. The app opens a one-time ticket and launches the mini program with it.</p>{open}</div>""");
            return;
        }
        body.Append(CultureInfo.InvariantCulture, $"""
            <div class="state" data-step="open" data-state="done"><p>1. Ticket <code>{Page.Encode(ticket.Ticket)}</code> is open until
            {ticket.ExpiresAt.UtcDateTime:HH:mm:ss} UTC: the app launches <code>{Page.Encode(ticket.UserName)}</code> at <code>{Page.Encode(ticket.LaunchPath)}</code>.</p>
            {open.Replace("Open a ticket", "Open a new ticket", StringComparison.Ordinal)}</div>
            """);
        body.Append(ticket.AppParameter is { } parameter
            ? $"""<div class="state" data-step="confirm" data-state="done"><p>2. The mini program signed in and gave the app back <code>{Page.Encode(parameter)}</code> (launchApp's app-parameter).</p></div>"""
            : $"""
                <div class="state" data-step="confirm" data-state="waiting"><p>2. Waiting for the mini program. On the virtual phone's 小程序 Mini program screen
                (<code>{Page.Encode(ticket.UserName)}</code>), tap wx.login(), copy the code and paste it here: the mini program signs in against the ticket.</p>
                <form method="post" action="/demo/app-mp/confirm">
                <label for="mp_code">wx.login code</label><input id="mp_code" name="code" required>
                <label for="mp_phone">Phone code (optional)</label><input id="mp_phone" name="phone_code">
                <button type="submit">Sign the mini program in</button></form></div>
                """);
        var (state, text) = ticket.Pending is { } pending && ticket.AppParameter is null
            ? ("waiting", $"3. Not yet: WeGate answered <code>authorization_pending</code> ({Page.Encode(pending.TrimEnd('.'))}). It keeps the ticket: do step 2, then redeem again. A real app asks again every second until the mini program has confirmed.")
            : ("todo", "3. Back in the app, redeem the ticket with its secret.");
        body.Append(CultureInfo.InvariantCulture, $"""<div class="state" data-step="redeem" data-state="{state}"><p>{text}</p><form method="post" action="/demo/app-mp/redeem"><button type="submit">Redeem the ticket</button></form></div>""");
    }

    public static IResult Problem(HttpContext http, DemoRefusal refusal) =>
        Page.Html(http, Texts.For(null, http.Request), "WeGate demo", $"""
            {Style}<h1>WeGate demo</h1>
            <div class="error" data-error="{Page.Encode(refusal.Error ?? "")}"><p>{Page.Encode(refusal.Sentence)}</p>
            {(refusal.Error is null ? "" : $"<p>OAuth error: <code>{Page.Encode(refusal.Error)}</code></p>")}</div>
            {(refusal.Next is null ? "" : $"<p>{Page.Encode(refusal.Next)}</p>")}
            <p><a href="/demo">Back to the demo</a></p>
            """, StatusCodes.Status400BadRequest);
}
