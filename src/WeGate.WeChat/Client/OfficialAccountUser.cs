using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// cgi-bin/user/info after the 2021-12 changes (docs/wechat-contract.md#user-info): no nickname or avatar any more;
// unionid only when the OA is bound to an Open Platform account; subscribe 0 carries nothing else.
public sealed record OfficialAccountUser(
    [property: JsonPropertyName("subscribe")] int Subscribe,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("unionid")] string? UnionId = null,
    [property: JsonPropertyName("language")] string? Language = null,
    [property: JsonPropertyName("subscribe_time")] long? SubscribeTime = null,
    [property: JsonPropertyName("subscribe_scene")] string? SubscribeScene = null,
    [property: JsonPropertyName("qr_scene")] long? QrScene = null,
    [property: JsonPropertyName("qr_scene_str")] string? QrSceneStr = null,
    [property: JsonPropertyName("remark")] string? Remark = null)
{
    public bool IsFollower => Subscribe == 1;
}
