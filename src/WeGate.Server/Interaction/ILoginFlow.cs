using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Pages;

namespace WeGate.Server.Interaction;

// A WeChat login on the hosted login page (docs/logins.md). Each flow lives in its own folder under
// Login/, renders its button or QR panel here, maps its own routes, and is registered in LoginFlows.
internal interface ILoginFlow
{
    // The connection type it serves (ConnectionType.*).
    string ConnectionType { get; }

    // Where the login page puts its panel: among the QR codes, or first and alone inside WeChat.
    LoginPanelKind Kind { get; }

    // The flow's panel for one of the application's connections, or null when it cannot be offered
    // here (for example oa-web outside the WeChat browser). A panel that could not draw its code says
    // why in an element marked data-unavailable; the page shows it above the ways that do work.
    Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct);

    // Whether its panel works in the embedded QR login's frame (docs/oidc.md#embedded-qr-login): a code that
    // a login ticket follows does; a panel that sends the top window on does not.
    bool Embeddable => false;

    // Where a request that names this connection (`connection`, docs/oidc.md#authorization-request) starts
    // without the login page, or null: the page then shows this connection first.
    string? DirectStart(LoginPanel panel) => null;
}

// Sandbox: WeChat is the sandbox here (docs/sandbox.md), so a code's panel shows the label the virtual
// phone's Scan list shows beside the same code.
internal sealed record LoginPanel(ParkedRequest Parked, Connection Connection, HttpContext Http, Texts Texts, bool Sandbox = false)
{
    public string Pool => Parked.Pool;
    public string RequestId => Parked.Id;
    public string ClientId => Parked.ClientId;
    public string Slug => Connection.Slug;
    public Application Application => Parked.Application;

    // Inside WeChat's browser (user agent MicroMessenger) the page offers oa-web instead of a QR code when
    // both are enabled (docs/logins.md#4-in-wechat-web-page-oa-web).
    public bool InsideWeChat => IsInsideWeChat(Http);

    public static bool IsInsideWeChat(HttpContext http) =>
        http.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.OrdinalIgnoreCase);

    // This login page again, in its language, with this panel chosen: where an expired QR code is drawn anew.
    public string Reload => LoginPageUrls.Page(Pool, RequestId, Texts.Language, LoginPageUrls.QrMethod, Slug);
}

internal enum LoginPanelKind
{
    // A code to scan with WeChat on another device (oa-follow, website-qr, mp-qr).
    QrCode,

    // A button that works only inside WeChat's browser (oa-web).
    InWeChat,
}

// A way to sign in on the hosted login page that is not a WeChat connection: the password form, a
// one-time code.
internal interface ILoginMethod
{
    // Its tab on the login page, and the catalogue key of the tab's name ("method." + Id).
    string Id { get; }

    // False when this WeGate cannot offer it (a code with no sender configured); the page leaves it out.
    bool Offered => true;

    // Its form, with what the person typed (input.Login, else the request's login_hint).
    string Render(ParkedRequest parked, HttpContext http, Texts texts, LoginPageInput input);
}
