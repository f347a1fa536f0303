namespace WeGate.Server.Connections;

// The addresses of WeGate that a connection's WeChat side is told about, all under WeGate:PublicUrl
// (docs/logins.md, each flow's "Set it up").
internal sealed record ConnectionUrls(string Base, string Pool, string Slug)
{
    private string Login => $"{Base}/pools/{Uri.EscapeDataString(Pool)}/login";

    // The official account's server URL (服务器配置 → 服务器地址(URL)), docs/logins.md#1-follow-official-account-oa-follow.
    public string OfficialAccountServer => $"{Login}/oa-follow/{Uri.EscapeDataString(Slug)}/callback";

    public string WebsiteCallback => $"{Login}/website-qr/callback";

    public string OfficialAccountWebCallback => $"{Login}/oa-web/callback";

    public string MiniProgramQrScan => $"{Login}/mp-qr/scan";

    public string MiniProgramQrConfirm => $"{Login}/mp-qr/confirm";

    public string AppTickets => $"{Login}/app-mp/tickets";

    public string AppTicketConfirm => $"{Login}/app-mp/tickets/{{ticket}}/confirm";

    public string TokenEndpoint => $"{Base}/pools/{Uri.EscapeDataString(Pool)}/oauth2/token";

    public Uri Public => new(Base);

    // A WeChat domain setting is a bare host: no scheme, no path (docs/wechat-contract.md#official-account-web-authorization).
    public string Domain => Public.IsDefaultPort ? Public.Host : Public.Authority;

    // The origin a mini program lists among its request domains (request合法域名).
    public string Origin => Public.GetLeftPart(UriPartial.Authority);
}
