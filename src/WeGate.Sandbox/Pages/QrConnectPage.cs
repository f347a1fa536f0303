using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Api;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Pages;

// open.weixin.qq.com/connect/qrconnect (docs/wechat-contract.md#website-login): the website-login QR page, whole-page
// or as wxLogin.js's iframe (login_type=jssdk). The page polls connect/qrconnect/status until the
// phone confirms (then redirects), denies (stays, says so) or the QR expires (offers a new one).
internal static class QrConnectPage
{
    public static void Map(RouteGroupBuilder open, WeChatSandbox sandbox)
    {
        open.MapGet("connect/qrconnect", (Delegate)((HttpContext http) => Render(http, sandbox)));

        open.MapGet("connect/qrconnect/status", (Delegate)((HttpContext http) => Polled(sandbox, http.Request.Query["uuid"].ToString()) is { } session
            ? Results.Json(new
            {
                status = session.Status,
                redirect_url = session.RedirectUrl,
                self_redirect = session.SelfRedirect,
            })
            : Results.Json(new { status = "unknown" }, statusCode: StatusCodes.Status404NotFound)));
    }

    // A poll says the page is still open, which keeps its login on the virtual phone's Scan list.
    private static QrLoginSession? Polled(WeChatSandbox sandbox, string uuid)
    {
        sandbox.QrLogins.Polled(uuid);
        return sandbox.QrLogins.Find(uuid);
    }

    private static IResult Render(HttpContext http, WeChatSandbox sandbox)
    {
        var query = http.Request.Query;
        var app = sandbox.Registry.FindApp(query["appid"].ToString());
        if (app is null)
        {
            return PageHtml.QrConnectError("appid", "AppID 参数错误",
                $"Sandbox: no app '{query["appid"]}' is registered here. Create a website app in the sandbox (POST /control/apps with \"type\":\"website\") " +
                "or set the WeGate connection's app_id to one that is (GET /control/apps lists them).");
        }

        // An official account's appid here gets the scope error, as developers report of the real page
        // [community]; website apps alone may ask snsapi_login (docs/wechat-contract.md#the-qr-page).
        if (app.Type != SandboxAppType.Website || query["scope"] != "snsapi_login")
        {
            return PageHtml.QrConnectError("scope", "Scope 参数错误或没有 Scope 权限",
                $"Sandbox: '{app.AppId}' is not a website app (it is {app.Type}), or scope is not snsapi_login. The website QR needs a connection of type website-qr with a website app's AppID.");
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!RedirectRules.Allows(app, redirectUri, subdomains: true))
        {
            return PageHtml.QrConnectError("redirect_uri", "redirect_uri 参数错误",
                $"Sandbox: redirect_uri must be on the app's callback domain ({app.CallbackDomain ?? "none set"}). Set it to WeGate's host and port with PATCH /control/apps/{app.AppId} {{\"callbackDomain\":\"…\"}}.");
        }

        // wxLogin.js adds login_type=jssdk and self_redirect; style and href are cosmetic (docs/wechat-contract.md#the-embedded-qr).
        var embedded = query["login_type"] == "jssdk";
        var uuid = RandomText.UrlSafeOf(16);
        var content = UriHelper.BuildAbsolute(http.Request.Scheme, http.Request.Host, http.Request.PathBase, ConfirmPath(http.Request.Path))
            + "?uuid=" + uuid;
        var session = new QrLoginSession(uuid, app.AppId, redirectUri, query["state"].ToString(), content, sandbox.Time.GetUtcNow() + sandbox.Options.QrConnectLifetime)
        {
            Embedded = embedded,
            SelfRedirect = embedded && query["self_redirect"] == "true",
        };
        if (QrImage.Png(content, pixelsPerModule: 6) is not { } png)
        {
            return PageHtml.QrConnectError("host", "The login QR cannot hold this page's address: open it under a shorter host name.");
        }

        sandbox.QrLogins.Add(session);
        return PageHtml.Page("微信登录", Body(session, png, sandbox.Options.QrConnectPollInterval), head: Head(embedded, query["style"], query["href"]));
    }

    // The QR encodes {open}/connect/confirm?uuid=…, the page the virtual phone opens on a scan.
    private static string ConfirmPath(PathString page) =>
        page.Value![..(page.Value!.LastIndexOf('/') + 1)] + "confirm";

    private static string Head(bool embedded, string? style, string? href)
    {
        var colors = style == "white" || !embedded ? "" : "<style>body { background: #333; color: #fff; } a { color: #8ab4f8; }</style>";
        var sheet = embedded && href is { Length: > 0 } && (href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("data:text/css", StringComparison.Ordinal))
            ? $"<link rel=\"stylesheet\" href=\"{PageHtml.E(href)}\">"
            : "";
        return colors + sheet;
    }

    private static string Body(QrLoginSession session, byte[] image, TimeSpan poll)
    {
        var png = Convert.ToBase64String(image);
        return $$"""
            <main id="wegate-qrconnect" class="msg" data-uuid="{{PageHtml.E(session.Id)}}" data-status-url="qrconnect/status?uuid={{Uri.EscapeDataString(session.Id)}}"
                  data-self-redirect="{{(session.SelfRedirect ? "true" : "false")}}" data-poll-ms="{{(int)poll.TotalMilliseconds}}">
              <section data-when="waiting">
                <h3>微信登录</h3>
                <img class="qrcode" width="220" height="220" alt="登录二维码" src="data:image/png;base64,{{png}}">
                <p>请使用微信扫描二维码登录<br><small class="sandbox" title="Sandbox only: the virtual phone's Scan list shows the same code on this login">虚拟手机上的编号 <b data-label>{{Phone.Scannables.LabelOf(session.Id)}}</b></small></p>
              </section>
              <section data-when="scanned" hidden><h3>扫描成功</h3><p>请在微信中点击确认即可登录</p></section>
              <section data-when="confirmed" hidden><h3>登录成功</h3><p>正在跳转…</p></section>
              <section data-when="denied" hidden><h3>你已取消此次登录</h3><p>你可<a href="">再次扫描登录</a>，或关闭窗口</p></section>
              <section data-when="expired" hidden><h3>二维码已失效</h3><p><a class="button" href="">刷新二维码</a></p></section>
            </main>
            <script>
            (function () {
              var root = document.getElementById('wegate-qrconnect');
              var every = parseInt(root.dataset.pollMs, 10) || 1000;
              function show(status) {
                root.querySelectorAll('[data-when]').forEach(function (section) { section.hidden = section.dataset.when !== status; });
              }
              function poll() {
                fetch(root.dataset.statusUrl, { cache: 'no-store' })
                  .then(function (response) { return response.json(); })
                  .then(function (state) {
                    show(state.status);
                    if (state.status === 'confirmed' && state.redirect_url) {
                      (state.self_redirect ? window : window.top).location.href = state.redirect_url;
                    } else if (state.status === 'waiting' || state.status === 'scanned') {
                      setTimeout(poll, every);
                    }
                  })
                  .catch(function () { setTimeout(poll, every * 2); });
              }
              poll();
            })();
            </script>
            """;
    }
}
