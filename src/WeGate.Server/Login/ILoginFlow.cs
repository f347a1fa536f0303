using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Login;

namespace WeGate.Server.Login;

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

internal sealed record LoginPanel(
    string Pool, string RequestId, AuthorizationRequest Request, Application Application, Connection Connection, HttpContext Http, Texts Texts)
{
    // docs/logins.md#4-in-wechat-web-page-oa-web: inside WeChat's browser (user agent MicroMessenger) the page offers oa-web
    // instead of a QR code when both are enabled.
    public bool InsideWeChat => Http.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.OrdinalIgnoreCase);
}
