using System.Text.Json.Serialization;

namespace WeGate.Sandbox.Registry;

[JsonConverter(typeof(JsonStringEnumConverter<SandboxAppType>))]
public enum SandboxAppType
{
    [JsonStringEnumMemberName("official-account")]
    OfficialAccount,

    [JsonStringEnumMemberName("website")]
    Website,

    [JsonStringEnumMemberName("mobile")]
    Mobile,

    [JsonStringEnumMemberName("miniprogram")]
    MiniProgram,
}
