using System.Text;
using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox.Phone;

// The virtual phone's page: static HTML, filled and driven by Phone/phone.js. Phone-sized,
// framed like a phone on a wide screen. Labels are Chinese first, as in WeChat, with English beside.
internal static class PhonePage
{
    public static IResult Render(string root) =>
        Results.Content(Html.Replace("{root}", PageHtml.E(root), StringComparison.Ordinal), "text/html; charset=utf-8", Encoding.UTF8);

    // Asked of a browser on another machine before the phone opens (Control/ControlAccess).
    public static IResult Unlock(bool wrong) => PageHtml.Page("虚拟手机 · WeGate sandbox", $"""
        <form class="msg" method="post" action="phone/unlock" data-page="unlock">
          <h3>虚拟手机 · Virtual phone</h3>
          <p>This sandbox is being reached from another machine: enter its control secret (the ControlSecret setting).</p>
          {(wrong ? "<p class=\"error\" data-error=\"secret\">That is not the control secret.</p>" : "")}
          <p><input type="password" name="secret" autocomplete="current-password" aria-label="control secret"></p>
          <button type="submit">解锁 · Unlock</button>
        </form>
        """, wrong ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);

    private const string Html = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>虚拟手机 · WeGate sandbox</title>
        <style>
        * { box-sizing: border-box; }
        body { margin: 0; background: #d9d9d9; color: #191919; font: 15px/1.45 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
        .phone { max-width: 430px; min-height: 100vh; margin: 0 auto; background: #ededed; display: flex; flex-direction: column; }
        @media (min-width: 600px) { .phone { min-height: 0; height: calc(100vh - 48px); margin: 24px auto; border: 10px solid #1c1c1e; border-radius: 36px; overflow: hidden; } }
        header { background: #ededed; padding: 12px 16px 8px; border-bottom: 1px solid #d6d6d6; }
        header h1 { font-size: 17px; margin: 0; text-align: center; }
        #persona-current { display: block; margin: 6px auto 0; background: #fff; border: 1px solid #d6d6d6; color: #191919; border-radius: 14px; font-size: 13px; padding: 3px 12px; }
        main { flex: 1; overflow-y: auto; padding: 12px 16px 24px; }
        h2 { font-size: 18px; margin: 4px 0 12px; }
        h3 { font-size: 16px; margin: 4px 0 8px; }
        small, .meta { color: #7f7f7f; font-size: 12px; }
        .meta { word-break: break-all; }
        .card, .flow, .list li { background: #fff; border-radius: 8px; padding: 12px; margin: 0 0 10px; }
        .flow { border: 2px solid #07c160; }
        .list { list-style: none; padding: 0; margin: 0 0 12px; }
        .list li { display: flex; align-items: center; justify-content: space-between; gap: 10px; }
        .list li > div { min-width: 0; }
        .list li.scannable { display: block; }
        .scannable .row { display: flex; align-items: center; justify-content: space-between; gap: 10px; }
        .scannable .row > div { min-width: 0; }
        .scannable .flow { margin: 10px 0 0; }
        .label { font: 600 13px ui-monospace, Menlo, Consolas, monospace; color: #191919; background: #f2f2f2; border-radius: 4px; padding: 0 5px; }
        .toolbar { display: flex; justify-content: space-between; align-items: center; margin: 12px 0 6px; }
        button { font: inherit; border: 0; border-radius: 6px; background: #07c160; color: #fff; padding: 9px 18px; cursor: pointer; }
        button.secondary { background: #f2f2f2; color: #07c160; }
        button.small { padding: 5px 12px; font-size: 13px; flex: none; }
        button.link { background: none; color: #576b95; padding: 4px 0; }
        button.scan { flex: none; }
        .actions { display: flex; gap: 10px; flex-wrap: wrap; margin: 10px 0; }
        label { display: block; margin: 8px 0; font-size: 14px; }
        input, select, textarea { display: block; width: 100%; font: inherit; padding: 8px; margin-top: 4px; border: 1px solid #d6d6d6; border-radius: 6px; background: #fff; }
        label.check input { display: inline; width: auto; margin-right: 6px; }
        form { margin: 12px 0; }
        code, pre { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; word-break: break-all; white-space: pre-wrap; }
        pre { background: #fff; border-radius: 8px; padding: 10px; margin: 10px 0; }
        .output { background: #fff; border-radius: 8px; padding: 10px; margin: 10px 0; display: grid; gap: 4px; }
        .output button { justify-self: start; }
        .current { color: #07c160; font-size: 13px; flex: none; }
        .hint { color: #7f7f7f; font-size: 13px; }
        .toast { position: fixed; left: 50%; bottom: 80px; transform: translateX(-50%); background: rgba(0, 0, 0, .78); color: #fff; padding: 8px 14px; border-radius: 8px; max-width: 380px; font-size: 13px; margin: 0; }
        .toast.error { background: #fa5151; }
        nav { display: flex; background: #f7f7f7; border-top: 1px solid #d6d6d6; }
        nav button { flex: 1; background: none; color: #191919; border-radius: 0; padding: 8px 2px; font-size: 13px; line-height: 1.2; }
        nav button small { display: block; font-size: 10px; }
        nav button[aria-current="true"] { color: #07c160; }
        nav button[aria-current="true"] small { color: #07c160; }
        footer { text-align: center; color: #aaa; font-size: 11px; padding: 4px; background: #f7f7f7; }
        </style>
        </head>
        <body data-root="{root}">
        <div class="phone">
          <header>
            <h1>虚拟手机 <small>Virtual phone</small></h1>
            <button id="persona-current" title="切换身份 · Switch persona">…</button>
          </header>
          <main>
            <section id="screen-scan" data-screen="scan">
              <h2>扫一扫 <small>Scan</small></h2>
              <div id="scan-flow" class="flow" hidden></div>
              <div class="toolbar"><span>电脑上的二维码 <small>QR codes on screens now, newest first</small></span><button id="scan-refresh" class="link">刷新 Refresh</button></div>
              <ul id="scannables" class="list"></ul>
              <p id="scannables-empty" class="hint" hidden>没有可扫描的二维码。打开网站登录页、生成公众号二维码或小程序码后会出现在这里。<br>Nothing to scan: open a qrconnect page, create a parametric QR or draw a mini program code.</p>
              <form id="scan-paste">
                <label>二维码内容 <small>QR content: the URL or ticket a QR encodes</small><textarea id="qr-content" rows="2" required></textarea></label>
                <button type="submit">识别 · Scan it</button>
              </form>
            </section>
            <section id="screen-miniprogram" data-screen="miniprogram" hidden>
              <h2>小程序 <small>Mini program</small></h2>
              <label>小程序 <small>Mini program app</small><select id="mp-app"></select></label>
              <p id="mp-empty" class="hint" hidden>还没有小程序 · No mini program app yet: POST control/apps {"type":"miniprogram"}</p>
              <div id="mp-launch" class="card"></div>
              <div class="actions">
                <button id="mp-login">wx.login()</button>
                <button id="mp-phone">手机号快速验证 <small style="color:#fff">getPhoneNumber</small></button>
              </div>
              <div id="mp-codes"></div>
              <form id="mp-post-form">
                <label>发送到你的服务器 <small>POST {appId, scene, code, phoneCode} as JSON to</small><input id="mp-post-url" type="url" required placeholder="http://localhost:5080/…"></label>
                <button type="submit">发送 · Send</button>
              </form>
              <pre id="mp-post-result" hidden></pre>
            </section>
            <section id="screen-app" data-screen="app" hidden>
              <h2>移动应用 <small>Mobile app: WeChat login (SendAuth)</small></h2>
              <label>应用 <small>Mobile app</small><select id="app-app"></select></label>
              <p id="app-empty" class="hint" hidden>还没有移动应用 · No mobile app yet: POST control/apps {"type":"mobile"}</p>
              <label>state <small>SendAuth.Req.state, echoed back</small><input id="app-state" value="wegate_phone"></label>
              <div class="card">该应用申请获得你的公开信息（昵称、头像）<br><small>The app asks for your public profile (snsapi_userinfo)</small>
                <div class="actions"><button id="app-allow">允许 · Allow</button><button id="app-deny" class="secondary">拒绝 · Deny</button></div>
              </div>
              <div id="app-result"></div>
            </section>
            <section id="screen-messages" data-screen="messages" hidden>
              <h2>消息 <small>Messages</small></h2>
              <h3>短信 / 邮件 <small>SMS to this persona's phone, and every email</small></h3>
              <ul id="outbox" class="list"></ul>
              <p id="outbox-empty" class="hint">还没有短信或邮件 · No SMS or email yet: WeGate's one-time codes arrive here.</p>
              <h3>公众号 <small>Events your actions pushed to official accounts</small></h3>
              <ul id="deliveries" class="list"></ul>
              <p id="deliveries-empty" class="hint">还没有消息 · Nothing yet: follow an official account or scan its QR code.</p>
            </section>
            <section id="screen-me" data-screen="me" hidden>
              <h2>我 <small>Me: who is holding the phone</small></h2>
              <ul id="personas" class="list"></ul>
              <form id="persona-form" class="card">
                <h3>新建身份 <small>New persona</small></h3>
                <label>ID <small>openids derive from it</small><input name="persona-id" required maxlength="64"></label>
                <label>昵称 <small>Nickname</small><input name="nickname" placeholder="微信用户"></label>
                <label>手机号 <small>Phone (mainland, without +86)</small><input name="phone" inputmode="tel" placeholder="13800138000"></label>
                <label class="check"><input type="checkbox" name="snapshot">快照模式用户 <small>Snapshot user (official-account pages)</small></label>
                <button type="submit">创建 · Create</button>
              </form>
              <h3>我在各应用中的身份 <small>My ids in each app; unionids per Open Platform account</small></h3>
              <ul id="identities" class="list"></ul>
            </section>
          </main>
          <p id="toast" class="toast" role="status" hidden></p>
          <nav>
            <button data-go="scan">扫一扫<small>Scan</small></button>
            <button data-go="miniprogram">小程序<small>Mini program</small></button>
            <button data-go="app">移动应用<small>App</small></button>
            <button data-go="messages">消息<small>Messages</small></button>
            <button data-go="me">我<small>Me</small></button>
          </nav>
          <footer>WeGate sandbox · not WeChat</footer>
        </div>
        <script src="{root}/phone/phone.js"></script>
        </body>
        </html>
        """;
}
