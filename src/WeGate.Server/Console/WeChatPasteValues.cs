using WeGate.Core.Connections;
using WeGate.Server.Connections;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// "Paste into WeChat" on a connection's page (docs/console.md#connections): for each type, the place in
// WeChat's consoles and the exact values, derived from WeGate:PublicUrl (docs/logins.md, each flow's
// "Set it up"). The Token and EncodingAESKey are secrets WeChat needs pasted, so they are shown, to
// owners only; the AppSecret never.
internal static class WeChatPasteValues
{
    public static string Render(ConsoleTexts t, Connection c, ConnectionSecrets? ownerSecrets, ConnectionUrls urls)
    {
        var rows = new List<(string Label, string Value, string Key)>();
        string? where = null;
        string? note = null;
        switch (c.Type)
        {
            case ConnectionType.OfficialAccountFollow:
                where = t["paste_where_oa_server"];
                rows.Add((t["paste_server_url"], urls.OfficialAccountServer, "server_url"));
                rows.Add(("Token", Secret(t, ownerSecrets?.Token), "token"));
                if (c.SecretsSet.Contains("encoding_aes_key"))
                    rows.Add(("EncodingAESKey", Secret(t, ownerSecrets?.EncodingAesKey), "encoding_aes_key"));
                rows.Add((t["message_mode"], t["paste_mode_" + (c.Settings.MessageMode ?? MessageMode.Plaintext)], "message_mode"));
                note = t["paste_note_ip"];
                break;
            case ConnectionType.WebsiteQr:
                where = t["paste_where_website"];
                rows.Add((t["paste_callback_domain"], urls.Domain, "domain"));
                rows.Add((t["paste_callback_url"], urls.WebsiteCallback, "callback_url"));
                break;
            case ConnectionType.OfficialAccountWeb:
                where = t["paste_where_oa_web"];
                rows.Add((t["paste_web_domain"], urls.Domain, "domain"));
                rows.Add((t["paste_callback_url"], urls.OfficialAccountWebCallback, "callback_url"));
                note = t["paste_note_mp_verify"];
                break;
            case ConnectionType.MiniProgramQr:
                where = t["paste_where_mp"];
                rows.Add((t["paste_request_domain"], urls.Origin, "request_domain"));
                rows.Add((t["page"], c.Settings.Page ?? t["paste_home_page"], "page"));
                rows.Add((t["paste_scan_url"], urls.MiniProgramQrScan, "scan_url"));
                rows.Add((t["paste_confirm_url"], urls.MiniProgramQrConfirm, "confirm_url"));
                note = t["paste_note_ip"];
                break;
            case ConnectionType.MiniProgram:
                where = t["paste_where_mp"];
                rows.Add((t["paste_request_domain"], urls.Origin, "request_domain"));
                rows.Add((t["paste_token_endpoint"], urls.TokenEndpoint, "token_endpoint"));
                break;
            case ConnectionType.Mobile:
                where = t["paste_where_mobile"];
                rows.Add((t["paste_token_endpoint"], urls.TokenEndpoint, "token_endpoint"));
                break;
            case ConnectionType.AppLaunchesMiniProgram:
                where = t["paste_where_app_mp"];
                rows.Add((t["paste_request_domain"], urls.Origin, "request_domain"));
                rows.Add((t["paste_launch_user_name"], c.Settings.OriginalId ?? "", "user_name"));
                rows.Add((t["paste_launch_path"], (c.Settings.Page ?? "pages/login/index") + "?ticket={ticket}", "launch_path"));
                rows.Add((t["paste_ticket_url"], urls.AppTickets, "ticket_url"));
                rows.Add((t["paste_confirm_url"], urls.AppTicketConfirm, "confirm_url"));
                rows.Add((t["paste_token_endpoint"], urls.TokenEndpoint, "token_endpoint"));
                break;
        }
        var list = string.Concat(rows.Select(r => $"<dt>{E(r.Label)}</dt><dd><code data-paste=\"{r.Key}\">{E(r.Value)}</code></dd>"));
        return $"""
            <section class="card" data-paste-into-wechat><h2>{E(t["paste_title"])}</h2><p>{E(where)}</p>
            <dl class="facts">{list}</dl>{(note is null ? "" : $"<p class=\"hint\">{E(note)}</p>")}</section>
            """;
    }

    private static string Secret(ConsoleTexts t, string? value) => value ?? t["paste_owner_only"];
}
