using Microsoft.AspNetCore.WebUtilities;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Phone;

// What the virtual phone can scan, newest first: the qrconnect logins whose page is still open, the
// live parametric QR tickets and the mini program codes drawn lately (docs/sandbox.md#the-virtual-phone);
// and what a QR's content (as a decoder reads it) points to.
internal sealed class Scannables(WeChatSandbox sandbox)
{
    // A phone screen has room for the newest only.
    private const int MaxTickets = 50;

    public IReadOnlyList<Scannable> List(Persona? persona)
    {
        var options = sandbox.Options;
        IEnumerable<Scannable?> all =
        [
            .. sandbox.QrLogins.Watched(options.QrConnectUnwatchedAfter).Select(entry => At(OfLogin(entry.Session), entry.OpenedAt)),
            .. sandbox.QrTickets.Listed(options.ScanListWindow).Take(MaxTickets).Select(entry => At(OfTicket(entry.Ticket, persona), entry.ShownAt)),
            .. sandbox.WxaCodes.Latest(options.ScanListWindow).Select(entry => At(OfWxaCode(entry.Code), entry.DrawnAt)),
        ];

        // Each source is newest first already; the stable sort keeps that order among equal times.
        return [.. all.OfType<Scannable>().OrderByDescending(item => item.ShownAt)];
    }

    private static Scannable? At(Scannable? item, DateTimeOffset shownAt) => item is null ? null : item with { ShownAt = shownAt };

    public static string LabelOf(string id) => id.Length <= 4 ? id : id[^4..];

    // The content a QR encodes: a qrconnect QR ({open}/connect/confirm?uuid=…), a parametric QR's url
    // (http://weixin.qq.com/q/…) or its showqrcode link or bare ticket, or a mini program code's
    // https://mp.weixin.qq.com/a/{appid}?scene=…&page=… (WxaCode.Content). Null: none of these.
    public Scannable? Resolve(string content, Persona? persona)
    {
        var text = content.Trim();
        if (sandbox.QrTickets.Live().FirstOrDefault(ticket => ticket.Url == text) is { } byUrl)
        {
            return OfTicket(byUrl, persona);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return sandbox.QrTickets.Find(text) is { } ticket ? OfTicket(ticket, persona) : null;
        }

        var query = QueryHelpers.ParseQuery(uri.Query);
        string Parameter(string name) => query.TryGetValue(name, out var value) ? value.ToString() : "";

        if (uri.AbsolutePath.EndsWith("/connect/confirm", StringComparison.Ordinal))
        {
            return sandbox.QrLogins.Find(Parameter("uuid")) is { } login ? OfLogin(login) : null;
        }

        if (uri.AbsolutePath.EndsWith("/cgi-bin/showqrcode", StringComparison.Ordinal))
        {
            return sandbox.QrTickets.Find(Parameter("ticket")) is { } ticket ? OfTicket(ticket, persona) : null;
        }

        return uri.Host == "mp.weixin.qq.com" && uri.AbsolutePath.StartsWith("/a/", StringComparison.Ordinal) && Parameter("scene") is { Length: > 0 } scene
            ? OfWxaCode(new WxaCode(uri.AbsolutePath[3..], scene, Parameter("page") is { Length: > 0 } page ? page : null))
            : null;
    }

    public static string NameOf(SandboxApp app) => app.OriginalId ?? app.AppId;

    private Scannable? OfLogin(QrLoginSession login) =>
        sandbox.Registry.FindApp(login.AppId) is { } app
            ? new Scannable(Scannable.QrConnect, login.Id, app.AppId, NameOf(app), login.QrContent)
            {
                Label = LabelOf(login.Id),
                Status = login.Status,
                PersonaId = login.PersonaId,
                ExpiresAt = login.ExpiresAt,
            }
            : null;

    private Scannable? OfTicket(QrTicket ticket, Persona? persona) =>
        sandbox.Registry.FindApp(ticket.AppId) is { } app
            ? new Scannable(Scannable.OfficialAccountQr, ticket.Ticket, app.AppId, NameOf(app), ticket.Url)
            {
                Label = LabelOf(Api.OfficialAccountEndpoints.SceneText(ticket)),
                Scene = Api.OfficialAccountEndpoints.SceneText(ticket),
                ActionName = ticket.ActionName,
                ExpiresAt = ticket.ExpiresAt,
                Following = persona is null ? null : sandbox.Followers.Find(app.AppId, PersonaIds.OpenId(app.AppId, persona.Id)) is not null,
            }
            : null;

    private Scannable? OfWxaCode(WxaCode code) =>
        sandbox.Registry.FindApp(code.AppId) is { Type: SandboxAppType.MiniProgram } app
            ? new Scannable(Scannable.MiniProgramCode, code.Content, app.AppId, NameOf(app), code.Content) { Label = LabelOf(code.Scene), Scene = code.Scene, Page = code.Page }
            : null;
}
