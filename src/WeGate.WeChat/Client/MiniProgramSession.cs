using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// sns/jscode2session (docs/wechat-contract.md#mini-program-login). session_key is a secret: never log or return it.
public sealed record MiniProgramSession(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("session_key")] string SessionKey,
    [property: JsonPropertyName("unionid")] string? UnionId = null)
{
    public override string ToString() => $"MiniProgramSession {{ OpenId = {OpenId}, SessionKey = ***, UnionId = {UnionId} }}";
}
