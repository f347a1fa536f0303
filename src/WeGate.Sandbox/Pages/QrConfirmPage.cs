using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Pages;

// {open}/connect/confirm?uuid=…: what a qrconnect QR encodes (QrConnectPage), and what the phone shows
// after scanning it: "log in to this website?" with approve and deny (docs/wechat-contract.md#the-qr-page). Opening it
// is the scan. The persona is the one holding the phone: the sandbox_persona query parameter or cookie,
// as on the authorize page; without one the page asks. A phone camera pointed at the PC's QR lands here.
internal static class QrConfirmPage
{
    public static void Map(RouteGroupBuilder open, WeChatSandbox sandbox)
    {
        open.MapGet("connect/confirm", (Delegate)((HttpContext http) => Show(http, sandbox)));
        open.MapPost("connect/confirm/decide", (Delegate)(async (HttpContext http) => await DecideAsync(http, sandbox)));
    }

    private static IResult Show(HttpContext http, WeChatSandbox sandbox)
    {
        var uuid = http.Request.Query["uuid"].ToString();
        if (sandbox.QrLogins.Find(uuid) is null)
        {
            return PageHtml.QrConnectError("uuid", "二维码无效 · This QR code is not a login of this sandbox");
        }

        var chosen = http.Request.Query[AuthorizePage.PersonaParameter].ToString();
        var personaId = chosen is { Length: > 0 } ? chosen : http.Request.Cookies[AuthorizePage.PersonaParameter];
        if (sandbox.Registry.FindPersona(personaId) is not { } persona)
        {
            return PersonaPicker(http, sandbox, uuid, personaId);
        }

        if (chosen.Length > 0)
        {
            // Remember who holds the phone for the next scan and for the authorize page.
            http.Response.Cookies.Append(AuthorizePage.PersonaParameter, persona.Id, new CookieOptions { Path = RootOf(http) + "/", SameSite = SameSiteMode.Lax });
        }

        var (session, _) = QrConnectSteps.Scan(sandbox, uuid, persona.Id);
        return session!.Status == QrLoginStatus.Scanned && session.PersonaId == persona.Id
            ? Ask(sandbox, session, persona)
            : Outcome(session, session.Status == QrLoginStatus.Scanned ? "其他微信用户已扫描此二维码 · Someone else scanned this QR code" : null);
    }

    private static IResult Ask(WeChatSandbox sandbox, QrLoginSession session, Persona persona)
    {
        var app = sandbox.Registry.FindApp(session.AppId);
        return PageHtml.Page("微信登录确认", $"""
            <form class="msg" method="post" action="confirm/decide" data-page="qrconnect-confirm" data-status="scanned">
              <input type="hidden" name="uuid" value="{PageHtml.E(session.Id)}">
              <input type="hidden" name="persona" value="{PageHtml.E(persona.Id)}">
              <h3>{PageHtml.E(app?.OriginalId ?? session.AppId)} 申请使用你的微信帐号登录</h3>
              <p>{PageHtml.E(RedirectHost(session.RedirectUri))} wants you to log in with WeChat</p>
              <p>当前微信用户 · Signed in as: {PageHtml.E(persona.Nickname)}（{PageHtml.E(persona.Id)}）</p>
              <button type="submit" name="decision" value="approve">允许 · Allow</button>
              <button type="submit" name="decision" value="deny" class="secondary">拒绝 · Deny</button>
            </form>
            """);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, WeChatSandbox sandbox)
    {
        var form = await FormBody.ReadAsync(http);
        var uuid = form?["uuid"].ToString() ?? "";
        if (sandbox.QrLogins.Find(uuid) is not { } session)
        {
            return PageHtml.QrConnectError("uuid", "二维码无效 · This QR code is not a login of this sandbox");
        }

        if (session.PersonaId != form!["persona"].ToString())
        {
            return Outcome(session, "其他微信用户已扫描此二维码 · Someone else scanned this QR code");
        }

        var (after, _) = form["decision"] == "approve" ? QrConnectSteps.Approve(sandbox, uuid) : QrConnectSteps.Deny(sandbox, uuid);
        return Outcome(after!, null);
    }

    private static IResult Outcome(QrLoginSession session, string? notice)
    {
        var text = notice ?? session.Status switch
        {
            QrLoginStatus.Confirmed => "已确认登录 · Login confirmed: continue on the computer",
            QrLoginStatus.Denied => "已取消此次登录 · Login cancelled",
            QrLoginStatus.Expired => "二维码已失效 · This QR code has expired",
            _ => "请在电脑上刷新二维码 · Refresh the QR code on the computer",
        };
        var status = session.Status.ToString().ToLowerInvariant();
        return PageHtml.Page("微信登录确认", $"<div class=\"msg\" data-page=\"qrconnect-confirm\" data-status=\"{status}\"><h3>{PageHtml.E(text)}</h3></div>");
    }

    private static IResult PersonaPicker(HttpContext http, WeChatSandbox sandbox, string uuid, string? unknown)
    {
        var items = new StringBuilder();
        foreach (var persona in sandbox.Registry.Personas)
        {
            var link = http.Request.PathBase + http.Request.Path + QueryString.Create("uuid", uuid).Add(AuthorizePage.PersonaParameter, persona.Id);
            items.Append(CultureInfo.InvariantCulture, $"<li><a class=\"button\" href=\"{PageHtml.E(link)}\">{PageHtml.E(persona.Nickname)} · {PageHtml.E(persona.Id)}</a></li>");
        }

        var notice = string.IsNullOrEmpty(unknown) ? "" : $"<p class=\"error\">Unknown persona {PageHtml.E(unknown)}.</p>";
        var list = items.Length > 0 ? $"<ul class=\"personas\">{items}</ul>" : "<p>No personas yet: create one on the virtual phone or with POST control/personas.</p>";
        return PageHtml.Page("选择微信用户", $"<div class=\"msg\" data-page=\"persona-picker\"><h3>谁在用这部手机？Who is holding the phone?</h3>{notice}{list}</div>");
    }

    private static string RedirectHost(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) ? uri.Authority : redirectUri;

    // The sandbox's root as the browser sees it: the page's path without /open/connect/confirm.
    private static string RootOf(HttpContext http)
    {
        var path = (http.Request.PathBase + http.Request.Path).Value ?? "";
        const string Page = "/open/connect/confirm";
        return path.EndsWith(Page, StringComparison.Ordinal) ? path[..^Page.Length] : "";
    }
}
