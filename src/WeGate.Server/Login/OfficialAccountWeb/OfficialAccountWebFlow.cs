using WeGate.Server.Interaction;
using WeGate.Server.Login.Redirect;
using WeGate.Server.Login.WebsiteQr;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.OfficialAccountWeb;

// Flow 4's button (docs/logins.md#4-in-wechat-web-page-oa-web): only inside WeChat's browser, the one place official-account web
// authorization works (docs/wechat-contract.md#official-account-web-authorization).
internal sealed class OfficialAccountWebFlow : ILoginFlow
{
    public string ConnectionType => Core.Connections.ConnectionType.OfficialAccountWeb;

    public LoginPanelKind Kind => LoginPanelKind.InWeChat;

    // Straight to WeChat's authorization, where it works at all: inside WeChat's browser.
    public string? DirectStart(LoginPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return panel.InsideWeChat ? RedirectLogins.StartUrl(panel, ConnectionType) : null;
    }

    public Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!panel.InsideWeChat)
            return Task.FromResult<string?>(null);
        var start = RedirectLogins.StartUrl(panel, ConnectionType);
        return Task.FromResult<string?>($"""
            {RedirectPages.Style}
            <a class="wegate-button" data-oa-web data-connection="{Page.Encode(panel.Connection.Slug)}" href="{Page.Encode(start)}">{Page.Encode(panel.Texts.Section("redirect")["oa_button"])}</a>
            """);
    }
}
