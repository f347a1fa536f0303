using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// sns/oauth2/access_token and refresh_token (wechat-api.md §2.3, §2.4, §4). `IsSnapshotUser` marks the
// virtual ids of an OA snapshot page: never link accounts on them (§4).
public sealed record SnsToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("unionid")] string? UnionId = null,
    [property: JsonPropertyName("is_snapshotuser")] int? SnapshotUser = null)
{
    public bool IsSnapshotUser => SnapshotUser == 1;
}
