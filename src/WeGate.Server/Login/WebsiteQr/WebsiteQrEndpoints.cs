using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Redirect;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.WebsiteQr;

// Flow 2 (docs/logins.md#2-website-scan-website-qr, docs/wechat-contract.md#website-login): start sends the browser to WeChat's whole QR page
// (connect/qrconnect); callback is where WeChat sends it back, from that page or from the embedded
// QR, with code and state: code → sns/oauth2/access_token → sns/userinfo → the account resolver.
internal static class WebsiteQrEndpoints
{
    private const string Type = ConnectionType.WebsiteQr;

    public static void Map(RouteGroupBuilder login)
    {
        login.MapGet($"/{Type}/start", StartAsync);
        login.MapGet($"/{Type}/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(string pool, string? request, string? connection, RedirectLogins logins, HttpContext http, CancellationToken ct)
    {
        var found = await logins.FindAsync(pool, request, connection, Type, ct);
        if (found is null)
            return RedirectPages.Expired(http);
        var state = logins.States.Issue(http, pool, found.RequestId, found.Connection.Slug, Type);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(WeChatAuthorizeUrls.QrConnect(logins.Endpoints, found.Connection.AppId, logins.CallbackUri(pool, Type), state).AbsoluteUri);
    }

    private static async Task<IResult> CallbackAsync(string pool, [AsParameters] RedirectCallback services, HttpContext http, CancellationToken ct)
    {
        var (arrival, page) = await services.Logins.ArriveAsync(http, pool, Type, ct);
        if (arrival is null)
            return page!;
        var profile = await SnsProfile.TryReadAsync(services.WeChat, arrival.Token, services.Loggers.CreateLogger(typeof(WebsiteQrEndpoints)), ct);
        var resolution = await services.Resolver.ResolveAsync(RedirectLogins.Arrival(http, arrival.Login, arrival.Token, profile), ct);
        return await services.Completion.CompleteAsync(http, arrival.Login.Request, resolution, "wechat-website", ct);
    }
}
