using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// sns/oauth2/access_token and refresh_token (docs/wechat-contract.md#code-exchange, docs/wechat-contract.md#refreshing-sns-tokens). `IsSnapshotUser` marks the
// virtual ids of an OA snapshot page: never link accounts on them (docs/wechat-contract.md#snapshot-pages).
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
