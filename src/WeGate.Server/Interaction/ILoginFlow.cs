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

    // The flow's panel for one of the application's connections, or null when it cannot be offered
    // here (for example oa-web outside the WeChat browser).
    Task<string?> RenderAsync(LoginPanel panel, CancellationToken ct);
}

internal sealed record LoginPanel(ParkedRequest Parked, Connection Connection, HttpContext Http, Texts Texts)
{
    public string Pool => Parked.Pool;
    public string RequestId => Parked.Id;
    public string ClientId => Parked.ClientId;
    public Application Application => Parked.Application;

    // Inside WeChat's browser (user agent MicroMessenger) the page offers oa-web instead of a QR code when
    // both are enabled (docs/logins.md#4-in-wechat-web-page-oa-web).
    public bool InsideWeChat => Http.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.OrdinalIgnoreCase);
}

// A way to sign in on the hosted login page that is not a WeChat connection: the password form.
internal interface ILoginMethod
{
    string Render(ParkedRequest parked, HttpContext http, Texts texts, string? login);
}
