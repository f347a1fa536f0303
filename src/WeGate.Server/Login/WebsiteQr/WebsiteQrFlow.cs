using Microsoft.Extensions.Options;
using WeGate.Core.Connections;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Redirect;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.WebsiteQr;

// Flow 2's panel (docs/logins.md#2-website-scan-website-qr, docs/wechat-contract.md#the-embedded-qr): WeChat's QR embedded as wxLogin.js would embed
// it, an iframe of connect/qrconnect with login_type=jssdk that sends the top window to our callback,
// and a link to WeChat's whole QR page for browsers that block the frame. Inside WeChat's own browser
// a QR cannot be scanned, so the login page leaves it out when the application also offers oa-web.
internal sealed class WebsiteQrFlow(RedirectLogins logins, IOptions<WebsiteQrOptions> options) : ILoginFlow
{
    // wxLogin.js's iframe: 300×400 by default, and the sandbox attribute it sets, whose
    // allow-top-navigation lets the frame send the whole page to redirect_uri.
    private const string FrameAttributes = "width=\"300\" height=\"400\" sandbox=\"allow-scripts allow-top-navigation allow-same-origin\"";

    // The white style of wxLogin.js: WeChat's frame then matches the white login page, where its dark
    // default left its links dark purple on dark grey (docs/wechat-contract.md#the-embedded-qr).
    private static readonly QrConnectIframeOptions FrameOptions = new() { Style = "white" };

    public string ConnectionType => Core.Connections.ConnectionType.WebsiteQr;

    public LoginPanelKind Kind => LoginPanelKind.QrCode;

    // Straight to WeChat's whole QR page.
    public string? DirectStart(LoginPanel panel) => RedirectLogins.StartUrl(panel, ConnectionType);

    public Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var state = logins.States.Issue(panel.Http, panel.Pool, panel.RequestId, panel.Connection.Slug, ConnectionType);
        var frame = WeChatAuthorizeUrls.QrConnectIframe(logins.Endpoints, panel.Connection.AppId, logins.CallbackUri(panel.Pool, ConnectionType), state, FrameOptions);
        Page.AllowFrame(panel.Http, logins.Endpoints.Open);
        var start = RedirectLogins.StartUrl(panel, ConnectionType);
        string T(string key) => Page.Encode(panel.Texts.Section("redirect")[key]);
        var timeout = TimeSpan.FromSeconds(options.Value.QrTimeoutSeconds);
        return Task.FromResult<string?>($"""
            {RedirectPages.Style}
            <section class="wegate-website-qr" data-wegate-website-qr data-connection="{Page.Encode(panel.Connection.Slug)}" data-timeout-ms="{(int)timeout.TotalMilliseconds}">
            <h2>{T("qr_title")}</h2>
            <iframe src="{Page.Encode(frame.AbsoluteUri)}" title="{T("qr_title")}" {FrameAttributes} style="border:0;max-width:100%"></iframe>
            <div data-website-qr-expired hidden>
            <p class="error" role="alert">{T("qr_expired")}</p>
            <a class="wegate-button" data-retry href="{Page.Encode(panel.Reload)}">{T("qr_new")}</a>
            </div>
            {LoginPageLayout.Expiry(panel, timeout, refreshes: false)}
            <p class="sub" style="margin:8px 0 0"><a data-website-qr-full-page href="{Page.Encode(start)}">{T("qr_full_page")}</a></p>
            </section>
            {WebsiteQrScript.Tag}
            """);
    }
}
