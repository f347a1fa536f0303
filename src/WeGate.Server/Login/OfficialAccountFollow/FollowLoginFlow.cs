using QRCoder;
using WeGate.Core.Connections;
using WeGate.Core.Tickets;
using WeGate.Server.Api;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.OfficialAccountFollow;

// Flow 1 on the login page (docs/logins.md#1-follow-official-account-oa-follow, docs/wechat-contract.md#parametric-qr-codes): a temporary QR_STR_SCENE code whose scene
// is a new login ticket, shown until the follower's subscribe/SCAN event settles the ticket.
internal sealed class FollowLoginFlow(IConnectionStore connections, WeChatApiClient wechat, AccessTokenCache tokens, LoginTickets tickets,
    FollowAudit audit, ILogger<FollowLoginFlow> logger) : ILoginFlow
{
    public string ConnectionType => Core.Connections.ConnectionType.OfficialAccountFollow;

    public LoginPanelKind Kind => LoginPanelKind.QrCode;

    // ticket.js follows the ticket and moves only its own window, the frame.
    public bool Embeddable => true;

    public async Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var texts = FollowTexts.For(panel.Texts);
        var connection = panel.Connection;
        var secret = (await connections.GetSecretsAsync(connection.Pool, connection.Slug, ct))?.AppSecret;
        if (secret is null)
            return await UnavailableAsync(panel, texts, "the connection has no AppSecret", "the connection has no AppSecret; the operator must set it");

        // The ticket is stored only once WeChat has made its QR code, with the QR's ticket as the
        // correlation key (docs/wechat-contract.md#event-pushes), so a refusal leaves nothing half-made behind.
        var id = LoginTickets.NewId();
        QrCodeTicket qr;
        try
        {
            qr = await tokens.CallAsync(connection.AppId, secret,
                (token, c) => wechat.CreateQrCodeAsync(token, QrCodeRequest.Temporary(id, LoginTickets.Lifetime), c), ct);
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            return await UnavailableAsync(panel, texts, "official account QR code: " + FollowFailures.Describe(e), FollowFailures.Explain(e, "official account QR code", logger));
        }

        await tickets.CreateForPageAsync(connection.Pool, TicketKind.Follow, connection.Slug, panel.RequestId, qr.Ticket, ct, id);

        var name = connection.DisplayName;
        return $"""
            <section class="wechat-panel" data-connection="{Page.Encode(connection.Slug)}">
            <h2>{Page.Encode(texts.Heading)}</h2>
            <div data-wegate-ticket="{Page.Encode(id)}" data-request="{Page.Encode(panel.RequestId)}" data-base="/pools/{Page.Encode(panel.Pool)}/login"
             data-text-pending="{Page.Encode(FollowTexts.Format(texts.Pending, name))}" data-text-scanned="{Page.Encode(texts.Scanned)}" data-text-expired="{Page.Encode(texts.Expired)}">
            <img src="data:image/png;base64,{Convert.ToBase64String(Png(qr.Url))}" width="200" height="200" alt="{Page.Encode(FollowTexts.Format(texts.Alt, name))}">
            <p data-ticket-status role="status">{Page.Encode(FollowTexts.Format(texts.Pending, name))}</p>
            </div>
            {LoginPageLayout.SandboxLabel(panel, id)}
            {LoginPageLayout.Expiry(panel, LoginTickets.Lifetime, refreshes: true)}
            </section>
            {TicketScript.Tag}
            """;
    }

    // The QR encodes qrcode/create's url (docs/wechat-contract.md#parametric-qr-codes); drawing it here saves a showqrcode round trip and fits
    // the login page's CSP (img-src 'self' data:).
    private static byte[] Png(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(6);
    }

    private async Task<string> UnavailableAsync(LoginPanel panel, FollowTexts.Panel texts, string auditReason, string shown)
    {
        await audit.FailedAsync(panel.Connection, panel.ClientId, auditReason, AuditEvents.Ip(panel.Http), AuditEvents.UserAgent(panel.Http));
        return $"""
            <section class="wechat-panel" data-connection="{Page.Encode(panel.Connection.Slug)}" data-unavailable>
            <p class="error" role="alert">{Page.Encode(FollowTexts.Format(texts.Unavailable, shown))}</p>
            </section>
            """;
    }
}
