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

    // What the control API refuses in a new persona (and a kept one, read back); null: acceptable.
    internal string? Problem() =>
        string.IsNullOrWhiteSpace(Id) ? "A persona needs an id."
        // Country calling codes are 1–3 digits (ITU-T E.164); phone codes report it as a number.
        : PhoneCountryCode is not { Length: >= 1 and <= 3 } code || !code.All(char.IsAsciiDigit) ? "A persona's phoneCountryCode is 1 to 3 digits without +, e.g. 86."
        : null;
}
