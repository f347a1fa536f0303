namespace WeGate.WeChat.Client;

public sealed partial class WeChatApiClient
{
    // Creating a QR ticket has no side effect beyond a new ticket, so a retry is harmless (docs/wechat-contract.md#parametric-qr-codes).
    public Task<QrCodeTicket> CreateQrCodeAsync(string accessToken, QrCodeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<QrCodeTicket>("cgi-bin/qrcode/create", accessToken, request.ToJson(), repeatable: true, cancellationToken);
    }

    // docs/wechat-contract.md#qr-images: the ticket contains + / = and must be URL-encoded; no authentication needed.
    public Uri ShowQrCodeUrl(string ticket) =>
        WeChatEndpoints.Build(Endpoints.Mp, "cgi-bin/showqrcode", ("ticket", ticket));

    public Task<OfficialAccountUser> GetUserInfoAsync(string accessToken, string openId, string lang = "zh_CN", CancellationToken cancellationToken = default) =>
        GetAsync<OfficialAccountUser>("cgi-bin/user/info", repeatable: true, cancellationToken,
            ("access_token", accessToken), ("openid", openId), ("lang", lang));
}
