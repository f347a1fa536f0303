using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Crypto;

namespace WeGate.Sandbox.Api;

// sns/jscode2session, wxa/checksession (docs/wechat-contract.md#mini-program-login), wxa/getwxacodeunlimit (docs/wechat-contract.md#mini-program-codes) and
// wxa/business/getuserphonenumber (docs/wechat-contract.md#phone-numbers).
internal static class MiniProgramEndpoints
{
    private static readonly SearchValues<char> SceneChars =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$&'()*+,/:;=?@-._~");

    public static void Map(ApiRoutes routes)
    {
        routes.Get("sns/jscode2session", request =>
        {
            var app = request.App();
            var code = request.Required("js_code", 41008);
            if (request.Query("grant_type") != "authorization_code")
            {
                throw new WeChatRejection(40002);
            }

            // 45011 is per user, so it is counted once the code says who the user is (docs/wechat-contract.md#mini-program-login).
            if (request.Sandbox.Codes.Peek(code, CodeKind.JsCode, app.AppId) is { } peeked
                && !request.Sandbox.JsCodeRate.TryAcquire(app.AppId + "/" + peeked.PersonaId, request.Sandbox.Options.JsCodeSessionsPerMinute))
            {
                throw new WeChatRejection(45011);
            }

            var (issued, errCode) = request.Sandbox.Codes.Redeem(code, CodeKind.JsCode, app.AppId);
            WeChatRejection.ThrowIf(errCode);
            var persona = request.Sandbox.Registry.FindPersona(issued!.PersonaId) ?? throw new WeChatRejection(40029);
            var openId = ApiRequest.OpenIdOf(app, persona);
            var sessionKey = request.Sandbox.Sessions.Renew(app.AppId, openId);
            return Task.FromResult(WeChatJson.Ok(new { openid = openId, session_key = sessionKey, unionid = ApiRequest.UnionIdOf(app, persona) }));
        });

        routes.Get("wxa/checksession", request =>
        {
            var app = request.TokenApp(SandboxAppType.MiniProgram);
            var openId = request.Required("openid", 41009);
            var sessionKey = request.Sandbox.Sessions.Find(app.AppId, openId);
            var valid = request.Query("sig_method") == "hmac_sha256" && sessionKey is not null
                && OpenDataSignature.VerifyCheckSession(sessionKey, request.Query("signature"));
            WeChatRejection.ThrowIf(valid ? 0 : 87009);
            return Task.FromResult(WeChatJson.Ok(new { errcode = 0, errmsg = "ok" }));
        });

        routes.Post("wxa/getwxacodeunlimit", async request =>
        {
            var app = request.TokenApp(SandboxAppType.MiniProgram);
            var body = await request.JsonBodyAsync();
            var scene = ApiRequest.String(body, "scene") ?? "";
            WeChatRejection.ThrowIf(scene is not { Length: >= 1 and <= 32 } ? 40169 : 0);
            WeChatRejection.ThrowIf(scene.AsSpan().ContainsAnyExcept(SceneChars) ? 40129 : 0);
            var page = ApiRequest.String(body, "page");
            WeChatRejection.ThrowIf(page is not null && (page.StartsWith('/') || page.Contains('?', StringComparison.Ordinal)) ? 41030 : 0);
            // check_path (default true): the page must be in the released version, and nothing passes while
            // no version is released (docs/wechat-contract.md#mini-program-codes).
            var checkPath = ApiRequest.Boolean(body, "check_path") ?? true;
            WeChatRejection.ThrowIf(checkPath && app.PublishedPages is { } released
                && (page is null ? released.Count == 0 : !released.Contains(page, StringComparer.Ordinal)) ? 41030 : 0);
            // A page too long to fit in the code is 41030 too: WeChat gives no limit, real paths are short.
            var code = new WxaCode(app.AppId, scene, page);
            var image = QrImage.Png(code.Content) ?? throw new WeChatRejection(41030);
            request.Sandbox.WxaCodes.Add(code);
            return Results.Bytes(image, QrImage.ContentType);
        });

        routes.Post("wxa/business/getuserphonenumber", async request =>
        {
            var app = request.TokenApp(SandboxAppType.MiniProgram);
            var body = await request.JsonBodyAsync();
            var code = ApiRequest.String(body, "code") ?? throw new WeChatRejection(41008);
            var (issued, errCode) = request.Sandbox.Codes.Redeem(code, CodeKind.Phone, app.AppId);
            WeChatRejection.ThrowIf(errCode);
            var persona = request.Sandbox.Registry.FindPersona(issued!.PersonaId) ?? throw new WeChatRejection(40029);

            // The optional openid makes WeChat check the code belongs to that user (docs/wechat-contract.md#phone-numbers).
            var openId = ApiRequest.String(body, "openid");
            WeChatRejection.ThrowIf(openId is not null && openId != ApiRequest.OpenIdOf(app, persona) ? 40029 : 0);
            var pure = persona.Phone ?? throw new WeChatRejection(40029);

            // phoneNumber carries the country code only outside the mainland; countryCode is the
            // number 86 like the doc's sample (docs/wechat-contract.md#phone-numbers).
            return WeChatJson.Ok(new
            {
                errcode = 0,
                errmsg = "ok",
                phone_info = new
                {
                    phoneNumber = persona.PhoneCountryCode == "86" ? pure : $"+{persona.PhoneCountryCode}{pure}",
                    purePhoneNumber = pure,
                    countryCode = long.Parse(persona.PhoneCountryCode, CultureInfo.InvariantCulture),
                    watermark = new { timestamp = request.Now.ToUnixTimeSeconds(), appid = app.AppId },
                },
            });
        });
    }
}
