using System.Globalization;
using System.Text.Json.Nodes;

namespace WeGate.WeChat.Client;

// docs/wechat-contract.md#parametric-qr-codes: temporary codes carry expire_seconds (max 30 days); permanent ones do not.
public sealed record QrCodeRequest(string ActionName, int? SceneId, string? SceneStr, int? ExpireSeconds)
{
    public const int MaxExpireSeconds = 2592000;

    public static QrCodeRequest Temporary(string sceneStr, TimeSpan expiry) =>
        new("QR_STR_SCENE", null, sceneStr, Seconds(expiry));

    public static QrCodeRequest Temporary(int sceneId, TimeSpan expiry) =>
        new("QR_SCENE", sceneId, null, Seconds(expiry));

    public static QrCodeRequest Permanent(string sceneStr) => new("QR_LIMIT_STR_SCENE", null, sceneStr, null);

    public static QrCodeRequest Permanent(int sceneId) => new("QR_LIMIT_SCENE", sceneId, null, null);

    internal JsonObject ToJson()
    {
        var scene = new JsonObject();
        if (SceneStr is not null)
        {
            scene["scene_str"] = SceneStr;
        }
        else
        {
            scene["scene_id"] = SceneId;
        }

        var body = new JsonObject
        {
            ["action_name"] = ActionName,
            ["action_info"] = new JsonObject { ["scene"] = scene },
        };
        if (ExpireSeconds is { } seconds)
        {
            body["expire_seconds"] = seconds;
        }

        return body;
    }

    private static int Seconds(TimeSpan expiry) =>
        (int)Math.Clamp(Math.Ceiling(expiry.TotalSeconds), 1, MaxExpireSeconds);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ActionName}({SceneStr ?? SceneId?.ToString(CultureInfo.InvariantCulture)})");
}
