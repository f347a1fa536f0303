using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

public sealed record AccessTokenResult(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
