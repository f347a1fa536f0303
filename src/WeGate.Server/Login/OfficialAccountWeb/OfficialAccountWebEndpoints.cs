using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Core.Users;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Redirect;
using WeGate.Server.Login.WebsiteQr;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.OfficialAccountWeb;

// Flow 4 (docs/logins.md#4-in-wechat-web-page-oa-web, docs/wechat-contract.md#official-account-web-authorization): official-account web authorization inside WeChat.
// snsapi_base first, which WeChat answers silently with the openid. A person WeGate already knows is
// signed in at once; a newcomer, on a connection whose scope is snsapi_userinfo, is sent back once
// more with snsapi_userinfo, for the consent that brings the profile and (docs/wechat-contract.md#official-account-web-authorization) the unionid that
// keeps them from becoming a second account. Snapshot-page users are refused with what to tap.
internal static class OfficialAccountWebEndpoints
{
    private const string Type = ConnectionType.OfficialAccountWeb;
    private const string Base = "snsapi_base";
    private const string UserInfo = "snsapi_userinfo";

    public static void Map(RouteGroupBuilder login)
    {
        login.MapGet($"/{Type}/start", StartAsync);
        login.MapGet($"/{Type}/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(string pool, string? request, string? connection, RedirectLogins logins, HttpContext http, CancellationToken ct)
    {
        var found = await logins.FindAsync(pool, request, connection, Type, ct);
        return found is null ? RedirectPages.Expired(http) : Authorize(http, logins, found, Base);
    }

    private static async Task<IResult> CallbackAsync(string pool, [AsParameters] RedirectCallback services, IUserStore users, HttpContext http, CancellationToken ct)
    {
        var (arrival, page) = await services.Logins.ArriveAsync(http, pool, Type, ct);
        if (arrival is null)
            return page!;
        var (login, token) = (arrival.Login, arrival.Token);
        if (!token.IsSnapshotUser && arrival.Bound.Phase != UserInfo && login.Connection.Settings.Scope == UserInfo && !await KnownAsync(users, login, token, ct))
            return Authorize(http, services.Logins, login, UserInfo);

        // sns/userinfo answers 48001 to snapshot users and base tokens (docs/wechat-contract.md#official-account-web-authorization); the resolver refuses
        // snapshot users before looking anyone up.
        var profile = token.IsSnapshotUser ? null : await SnsProfile.TryReadAsync(services.WeChat, token, services.Loggers.CreateLogger(typeof(OfficialAccountWebEndpoints)), ct);
        var resolution = await services.Resolver.ResolveAsync(RedirectLogins.Arrival(http, login, token, profile), ct);
        if (resolution is Resolution.Refused { Reason: RefusalReason.Snapshot })
        {
            var texts = arrival.Texts;
            return RedirectPages.Show(http, texts, texts.Section("redirect")["snapshot_title"], texts.Section("redirect")["snapshot"],
                StatusCodes.Status403Forbidden, RedirectPages.LoginPage(pool, login.RequestId));
        }
        return await services.Completion.CompleteAsync(http, login.Request, resolution, "wechat-oa", ct);
    }

    private static IResult Authorize(HttpContext http, RedirectLogins logins, RedirectLogin login, string scope)
    {
        var state = logins.States.Issue(http, login.Pool, login.RequestId, login.Connection.Slug, Type, phase: scope);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(WeChatAuthorizeUrls.OAuth2Authorize(logins.Endpoints, login.Connection.AppId, logins.CallbackUri(login.Pool, Type), scope, state).AbsoluteUri);
    }

    private static async Task<bool> KnownAsync(IUserStore users, RedirectLogin login, SnsToken token, CancellationToken ct) =>
        await users.FindByIdentityAsync(login.Pool, IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(login.Connection.AppId, token.OpenId), ct) is not null
        || (token.UnionId is not null && await users.FindByIdentityAsync(login.Pool, IdentityKind.WeChatUnionId, token.UnionId, ct) is not null);
}
