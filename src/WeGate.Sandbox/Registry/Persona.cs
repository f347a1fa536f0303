namespace WeGate.Sandbox.Registry;

// A virtual WeChat user. Snapshot personas open OA pages in snapshot mode and get virtual ids
// (docs/wechat-contract.md#snapshot-pages).
public sealed record Persona(string Id)
{
    public string Nickname { get; init; } = "微信用户";

    public string? AvatarUrl { get; init; }

    // Without the country code, e.g. "13800138000".
    public string? Phone { get; init; }

    public string PhoneCountryCode { get; init; } = "86";

    public bool Snapshot { get; init; }
}
