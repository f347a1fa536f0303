using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Tickets;
using WeGate.Server.Api;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.MiniProgramQr;

// Flow 3 on the hosted login page (docs/logins.md#3-mini-program-code-on-pc-mp-qr, docs/wechat-contract.md#mini-program-codes): a login ticket bound to this login
// request, drawn as a mini program code whose scene is the ticket id. The mini program's half is in
// MiniProgramQrEndpoints; ticket.js follows the ticket and finishes the sign-in.
internal sealed class MiniProgramQrFlow(IConnectionStore connections, LoginTickets tickets, WeChatApiClient wechat, AccessTokenCache tokens,
    IAuditLog audit, ILogger<MiniProgramQrFlow> logger) : ILoginFlow
{
    // The page waits for the code; a WeChat that is slow must not keep the password form from showing.
    private static readonly TimeSpan DrawTimeout = TimeSpan.FromSeconds(5);

    public string ConnectionType => Core.Connections.ConnectionType.MiniProgramQr;

    public LoginPanelKind Kind => LoginPanelKind.QrCode;

    // ticket.js follows the ticket and moves only its own window, the frame.
    public bool Embeddable => true;

    public async Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var texts = panel.Texts.Section("mpqr");
        var connection = panel.Connection;
        var secret = (await connections.GetSecretsAsync(connection.Pool, connection.Slug, ct))?.AppSecret;
        if (secret is null)
        {
            logger.LogError("Connection {Pool}/{Slug} ({Type}) has no AppSecret; its mini program code cannot be drawn", connection.Pool, connection.Slug, ConnectionType);
            return Unavailable(panel, texts, texts["unavailable"]);
        }

        var ticket = await tickets.CreateForPageAsync(panel.Pool, TicketKind.MiniProgramQr, connection.Slug, panel.RequestId, null, ct);
        WxaCodeImage image;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(DrawTimeout);
            image = await tokens.CallAsync(connection.AppId, secret, (token, c) => wechat.GetUnlimitedWxaCodeAsync(token, Request(connection, ticket.Id), c), timeout.Token);
        }
        catch (Exception e) when ((WeChatFailures.IsWeChatFailure(e) || e is OperationCanceledException) && !ct.IsCancellationRequested)
        {
            // No code was shown, so nobody can scan this ticket: end it rather than leave it pending.
            await tickets.CancelAsync(panel.Pool, ticket.Id, CancellationToken.None);
            return await DrawFailedAsync(panel, texts, e);
        }

        var p = Page.Encode(panel.Pool);
        return $"""
            <section class="wegate-mp-qr" data-wegate-ticket="{Page.Encode(ticket.Id)}" data-request="{Page.Encode(panel.RequestId)}"
             data-base="/pools/{p}/login" data-text-pending="{Page.Encode(texts["pending"])}" data-text-scanned="{Page.Encode(texts["scanned"])}"
             data-text-confirmed="{Page.Encode(texts["confirmed"])}" data-text-expired="{Page.Encode(texts["expired"])}" data-text-cancelled="{Page.Encode(texts["expired"])}">
            <h2>{Page.Encode(texts["title"])}</h2>
            <img src="data:{ImageType(image)};base64,{Convert.ToBase64String(image.Content.Span)}" alt="{Page.Encode(texts["alt"])}" width="200" height="200">
            <p data-ticket-status role="status">{Page.Encode(texts["pending"])}</p>
            {LoginPageLayout.SandboxLabel(panel, ticket.Id)}
            {LoginPageLayout.Expiry(panel, LoginTickets.Lifetime, refreshes: true)}
            </section>
            {TicketScript.Tag}
            """;
    }

    // docs/wechat-contract.md#mini-program-codes: the scene is the bare ticket id (24 base64url characters, all allowed in a
    // scene, none needing the %-encoding WeChat refuses). check_path only holds for released pages, so a
    // trial or develop build is asked for without it.
    internal static WxaCodeRequest Request(Connection connection, string ticketId)
    {
        var env = connection.Settings.EnvVersion ?? "release";
        return new WxaCodeRequest(ticketId) { Page = connection.Settings.Page, EnvVersion = env, CheckPath = env == "release" };
    }

    // WeChat has been seen answering images as image/jpeg; the sandbox draws PNG. Anything else is not
    // put into the page as an image type.
    private static string ImageType(WxaCodeImage image) =>
        image.ContentType is "image/png" or "image/jpeg" or "image/gif" ? image.ContentType : "image/jpeg";

    private async Task<string> DrawFailedAsync(LoginPanel panel, TextSection texts, Exception e)
    {
        var errcode = (e as WeChatApiException)?.ErrCode;
        var busy = WeChatErrors.KindOf(e) is null or WeChatErrorKind.Transient;
        if (busy)
            logger.LogWarning(e, "WeChat getwxacodeunlimit failed for connection {Pool}/{Slug}: WeChat is busy or did not answer in time", panel.Pool, panel.Connection.Slug);
        else
            logger.LogError("WeChat getwxacodeunlimit failed for connection {Pool}/{Slug} with errcode {ErrCode} (rid {Rid}): {Fix}", panel.Pool, panel.Connection.Slug,
                errcode, ((WeChatApiException)e).Rid, ((WeChatApiException)e).Error?.OperatorFix ?? ((WeChatApiException)e).ErrMsg);
        await audit.WriteAsync(AuditEvents.From(panel.Http, panel.Pool, LoginEventType.Failed, AuditOutcome.Failure) with
        {
            ConnectionSlug = panel.Connection.Slug, ClientId = panel.Application.ClientId,
            Reason = errcode is null ? "mp-qr: getwxacodeunlimit did not answer in time" : $"mp-qr: getwxacodeunlimit errcode {errcode}",
        }, CancellationToken.None);
        return Unavailable(panel, texts, busy ? texts["busy"] : texts.Format("failed", errcode!.Value));
    }

    private static string Unavailable(LoginPanel panel, TextSection texts, string message) => $"""
        <section class="wegate-mp-qr" data-unavailable data-mp-qr-unavailable>
        <h2>{Page.Encode(texts["title"])}</h2>
        <p class="error" role="alert">{Page.Encode(message)}</p>
        </section>
        """;
}
