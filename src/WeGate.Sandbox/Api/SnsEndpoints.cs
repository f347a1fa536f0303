using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Api;

// sns/oauth2/access_token, sns/oauth2/refresh_token, sns/auth, sns/userinfo for the OA (docs/wechat-contract.md#official-account-web-authorization), the
// website app (docs/wechat-contract.md#website-login) and the mobile app (docs/wechat-contract.md#mobile-app-login).
internal static class SnsEndpoints
{
    public static void Map(ApiRoutes routes)
    {
        routes.Get("sns/oauth2/access_token", request =>
        {
            var app = request.App();
            var code = request.Required("code", 41008);
            if (request.Query("grant_type") != "authorization_code")
            {
                throw new WeChatRejection(40002);
            }

            var (issued, errCode) = request.Sandbox.Codes.Redeem(code, CodeKind.OAuth, app.AppId);
            WeChatRejection.ThrowIf(errCode);
            var persona = request.Sandbox.Registry.FindPersona(issued!.PersonaId) ?? throw new WeChatRejection(40029);
            var grant = Grant(request, app, persona, issued.Scope ?? "snsapi_login");
            return Task.FromResult(Token(request, grant, withUnionId: UnionIdInTokenResponse(app, grant)));
        });

        routes.Get("sns/oauth2/refresh_token", request =>
        {
            var app = request.App(withSecret: false);
            if (request.Query("grant_type") != "refresh_token")
            {
                throw new WeChatRejection(40002);
            }

            var (grant, errCode) = request.Sandbox.SnsTokens.Refresh(app.AppId, request.Required("refresh_token", 40030));
            WeChatRejection.ThrowIf(errCode);
            return Task.FromResult(Token(request, grant!, withUnionId: false));
        });

        routes.Get("sns/auth", request =>
        {
            var grant = request.SnsGrant();
            var openId = request.Required("openid", 41009);
            WeChatRejection.ThrowIf(openId == grant.OpenId ? 0 : 40003);
            return Task.FromResult(WeChatJson.Ok(new { errcode = 0, errmsg = "ok" }));
        });

        routes.Get("sns/userinfo", request =>
        {
            var grant = request.SnsGrant();
            var openId = request.Required("openid", 41009);
            WeChatRejection.ThrowIf(openId == grant.OpenId ? 0 : 40003);

            // A snsapi_base token, or a snapshot page's virtual user, may not read the profile (docs/wechat-contract.md#snapshot-pages).
            WeChatRejection.ThrowIf(grant.Scope == "snsapi_base" || grant.Snapshot ? 48001 : 0);
            var persona = request.Sandbox.Registry.FindPersona(grant.PersonaId) ?? throw new WeChatRejection(40003);

            // Since 2021-12: sex 0 and empty region fields (docs/wechat-contract.md#the-sns-profile).
            return Task.FromResult(WeChatJson.Ok(new
            {
                openid = grant.OpenId,
                nickname = persona.Nickname,
                sex = 0,
                language = "",
                province = "",
                city = "",
                country = "",
                headimgurl = persona.AvatarUrl ?? "",
                privilege = Array.Empty<string>(),
                unionid = grant.UnionId,
            }));
        });
    }

    // Snapshot mode only happens on OA pages that ask for snsapi_userinfo, with virtual ids (docs/wechat-contract.md#snapshot-pages).
    private static SnsGrant Grant(ApiRequest request, SandboxApp app, Persona persona, string scope)
    {
        var snapshot = persona.Snapshot && app.Type == SandboxAppType.OfficialAccount && scope == "snsapi_userinfo";
        var openId = snapshot ? PersonaIds.SnapshotOpenId(app.AppId, persona.Id) : ApiRequest.OpenIdOf(app, persona);
        var unionId = app.OpenPlatformAccount is not { } account ? null
            : snapshot ? PersonaIds.SnapshotUnionId(account, persona.Id)
            : PersonaIds.UnionId(account, persona.Id);
        return request.Sandbox.SnsTokens.Issue(app.AppId, persona.Id, openId, unionId, scope, snapshot);
    }

    // Website and mobile apps always have userinfo authorization; the OA returns unionid only for
    // snsapi_userinfo per the current doc (docs/wechat-contract.md#official-account-web-authorization).
    private static bool UnionIdInTokenResponse(SandboxApp app, SnsGrant grant) =>
        app.Type != SandboxAppType.OfficialAccount || grant.Scope == "snsapi_userinfo";

    private static IResult Token(ApiRequest request, SnsGrant grant, bool withUnionId) =>
        WeChatJson.Ok(new
        {
            access_token = grant.AccessToken,
            expires_in = (int)Math.Ceiling((grant.AccessExpiresAt - request.Now).TotalSeconds),
            refresh_token = grant.RefreshToken,
            openid = grant.OpenId,
            scope = grant.Scope,
            is_snapshotuser = grant.Snapshot ? 1 : (int?)null,
            unionid = withUnionId ? grant.UnionId : null,
        });
}
