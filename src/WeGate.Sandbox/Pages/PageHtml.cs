using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Pages;

// The open.weixin.qq.com pages of the sandbox: plain HTML, no external assets. WeChat answers its error
// pages with HTTP 200; so does the sandbox, with the code in data-errcode for tests.
internal static class PageHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // The texts of WeChat's web-authorization error table (docs/wechat-contract.md#official-account-web-authorization). 40013 (unknown appid)
    // is the sandbox's choice: the table has no entry for an appid that does not exist.
    private static readonly Dictionary<int, string> AuthorizeErrors = new()
    {
        [10003] = "redirect_uri域名与后台配置不一致",
        [10005] = "此公众号并没有这些scope的权限",
        [10010] = "scope不能为空",
        [10011] = "redirect_uri不能为空",
        [10012] = "appid不能为空",
        [10013] = "state不能为空",
        [10016] = "不支持微信开放平台的Appid，请使用公众号Appid",
        [40013] = "invalid appid",
    };

    public static string E(string? text) => Encoder.Encode(text ?? "");

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK, string? head = null) =>
        Results.Content(Layout(title, body, head), "text/html; charset=utf-8", Encoding.UTF8, status);

    public static IResult AuthorizeError(int errCode, string? detail = null) =>
        Page("微信网页授权", $"""
            <div class="msg error" data-errcode="{errCode}">
              <h2>Oops! Something went wrong:(</h2>
              <p class="errcode">{errCode}</p>
              <p>{E(AuthorizeErrors.GetValueOrDefault(errCode, "error"))}</p>
              {(detail is null ? "" : $"<p class=\"detail\">{E(detail)}</p>")}
            </div>
            """);

    public static IResult Refused(Control.ControlAccess access) =>
        Page("WeGate sandbox", $"<div class=\"msg error\" data-error=\"control\"><h2>{E(access.Refusal())}</h2></div>", access.RefusalStatus);

    // qrconnect's error pages carry no numbers in the doc; data-error names the faulty parameter.
    // WeChat's page shows only the message; the sandbox adds, marked as its own, what a developer should
    // check (docs/sandbox.md#what-it-enforces).
    public static IResult QrConnectError(string parameter, string message, string? hint = null) =>
        Page("微信登录", $"""
            <div class="msg error" data-error="{E(parameter)}">
              <h2>{E(message)}</h2>
            </div>
            {(hint is null ? "" : $"<p class=\"sandbox-hint\" data-sandbox-hint>{E(hint)}</p>")}
            """);

    private static string Layout(string title, string body, string? head) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{E(title)}}</title>
        <style>
        body { font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; padding: 24px; text-align: center; color: #191919; }
        .msg { max-width: 420px; margin: 32px auto; }
        .error h2 { color: #fa5151; font-weight: normal; }
        .errcode { font-size: 28px; margin: 8px 0; }
        .sandbox { color: #888; font-size: 12px; margin-top: 32px; }
        .sandbox-hint { max-width: 420px; margin: 0 auto; color: #555; font-size: 13px; text-align: left; background: #f7f7f7; padding: 8px 12px; border-radius: 6px; }
        button, .button { font-size: 16px; padding: 10px 28px; margin: 6px; border: 0; border-radius: 4px; background: #07c160; color: #fff; text-decoration: none; display: inline-block; cursor: pointer; }
        button.secondary { background: #f2f2f2; color: #07c160; }
        ul.personas { list-style: none; padding: 0; }
        ul.personas li { margin: 8px 0; }
        </style>
        {{head ?? ""}}
        </head>
        <body>
        {{body}}
        <p class="sandbox">WeGate sandbox · not WeChat</p>
        </body>
        </html>
        """;
}
