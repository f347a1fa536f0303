namespace WeGate.Server.Login.WebsiteQr;

// The embedded QR's watch: when WeChat has not sent the browser on within the QR's lifetime (expired,
// or denied on the phone, which WeChat answers with no redirect at all, docs/wechat-contract.md#the-qr-page), the
// iframe goes away and a "new QR code" button takes its place. The page's CSP allows only same-origin
// scripts, so it is served as a file.
internal static class WebsiteQrScript
{
    public const string Path = "/login/website-qr.js";

    public const string Tag = $"<script src=\"{Path}\" defer></script>";

    private const string Body = """
        // Markup: <section data-wegate-website-qr data-timeout-ms="300000"> with an <iframe> and a hidden
        // [data-website-qr-expired] block inside.
        (function () {
          "use strict";
          Array.prototype.forEach.call(document.querySelectorAll("[data-wegate-website-qr]"), function (box) {
            if (box.getAttribute("data-armed")) { return; }
            box.setAttribute("data-armed", "1");
            var wait = parseInt(box.getAttribute("data-timeout-ms"), 10) || 300000;
            setTimeout(function () {
              var frame = box.querySelector("iframe");
              if (frame) { frame.parentNode.removeChild(frame); }
              var expired = box.querySelector("[data-website-qr-expired]");
              if (expired) { expired.hidden = false; }
              box.setAttribute("data-state", "expired");
            }, wait);
          });
        })();
        """;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Body, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
}
