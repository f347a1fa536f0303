using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// sns/userinfo (docs/wechat-contract.md#the-sns-profile): since 2021-12 sex is 0 and the region fields are "".
public sealed record SnsUserInfo(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("nickname")] string? Nickname = null,
    [property: JsonPropertyName("sex")] int Sex = 0,
    [property: JsonPropertyName("province")] string? Province = null,
    [property: JsonPropertyName("city")] string? City = null,
    [property: JsonPropertyName("country")] string? Country = null,
    [property: JsonPropertyName("headimgurl")] string? HeadImgUrl = null,
    [property: JsonPropertyName("privilege")] IReadOnlyList<string>? Privilege = null,
    [property: JsonPropertyName("unionid")] string? UnionId = null);
