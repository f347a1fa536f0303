using System.Globalization;
using System.Text.Json;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Api;

// cgi-bin/qrcode/create and cgi-bin/user/info (docs/wechat-contract.md#parametric-qr-codes, docs/wechat-contract.md#user-info).
internal static class OfficialAccountEndpoints
{
    private const int MaxExpireSeconds = 2592000;
    private const int DefaultExpireSeconds = 60;

    public static void Map(ApiRoutes routes)
    {
        routes.Post("cgi-bin/qrcode/create", async request =>
        {
            var app = request.TokenApp(SandboxAppType.OfficialAccount);
            var body = await request.JsonBodyAsync();
            var ticket = Read(body, app, request);
            request.Sandbox.QrTickets.Add(ticket);
            // Rounded up: the clock has moved on since the ticket was made, and WeChat echoes the seconds asked for.
            int? expireSeconds = ticket.ExpiresAt is { } expiresAt ? (int)Math.Ceiling((expiresAt - request.Now).TotalSeconds) : null;
            return WeChatJson.Ok(new { ticket = ticket.Ticket, expire_seconds = expireSeconds, url = ticket.Url });
        });

        routes.Get("cgi-bin/user/info", request =>
        {
            var app = request.TokenApp(SandboxAppType.OfficialAccount);
            var openId = request.Required("openid", 41009);
            var persona = request.Sandbox.Registry.FindByOpenId(app.AppId, openId);
            if (persona is null || openId != ApiRequest.OpenIdOf(app, persona))
            {
                throw new WeChatRejection(40003);
            }

            // subscribe 0 carries nothing but the openid (docs/wechat-contract.md#user-info).
            if (request.Sandbox.Followers.Find(app.AppId, openId) is not { } follower)
            {
                return Task.FromResult(WeChatJson.Ok(new { subscribe = 0, openid = openId }));
            }

            return Task.FromResult(WeChatJson.Ok(new
            {
                subscribe = 1,
                openid = openId,
                language = request.Query("lang") ?? "zh_CN",
                subscribe_time = follower.SubscribeTime,
                unionid = ApiRequest.UnionIdOf(app, persona),
                remark = "",
                groupid = 0,
                tagid_list = Array.Empty<int>(),
                subscribe_scene = follower.SubscribeScene,
                qr_scene = follower.QrScene ?? 0,
                qr_scene_str = follower.QrSceneStr ?? "",
            }));
        });
    }

    private static QrTicket Read(JsonElement body, SandboxApp app, ApiRequest request)
    {
        var action = ApiRequest.String(body, "action_name") ?? "";
        var permanent = action is "QR_LIMIT_SCENE" or "QR_LIMIT_STR_SCENE";
        if (action is not ("QR_SCENE" or "QR_STR_SCENE") && !permanent)
        {
            throw new WeChatRejection(40097);
        }

        // A missing scene wrapper is accepted and behaves as scene 0 (docs/wechat-contract.md#parametric-qr-codes).
        var scene = body.TryGetProperty("action_info", out var info) && info.ValueKind == JsonValueKind.Object
            && info.TryGetProperty("scene", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        long? sceneId = null;
        string? sceneStr = null;
        if (action.EndsWith("STR_SCENE", StringComparison.Ordinal))
        {
            sceneStr = ApiRequest.String(scene, "scene_str");
            if (sceneStr is not { Length: >= 1 and <= 64 })
            {
                throw new WeChatRejection(40097, "invalid scene_str");
            }
        }
        else
        {
            // Temporary scenes are 32-bit, permanent ones 1–100000 (docs/wechat-contract.md#parametric-qr-codes).
            sceneId = ApiRequest.Integer(scene, "scene_id") ?? 0;
            if (permanent ? sceneId is < 1 or > 100000 : sceneId is < 0 or > uint.MaxValue)
            {
                throw new WeChatRejection(40097, "invalid scene_id");
            }
        }

        DateTimeOffset? expiresAt = null;
        if (!permanent)
        {
            var seconds = ApiRequest.Integer(body, "expire_seconds") ?? DefaultExpireSeconds;
            expiresAt = request.Now.AddSeconds(Math.Clamp(seconds, 1, MaxExpireSeconds));
        }

        var url = request.Sandbox.Options.QrContentBase + RandomText.UrlSafeOf(22);
        return new QrTicket(RandomText.Ticket(), app.AppId, action, sceneId, sceneStr, url, expiresAt);
    }

    public static string SceneText(QrTicket ticket) =>
        ticket.SceneStr ?? (ticket.SceneId ?? 0).ToString(CultureInfo.InvariantCulture);
}
