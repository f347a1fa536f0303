using System.Globalization;
using System.Text.Json;

namespace WeGate.WeChat.Crypto;

// The phone payload of both the legacy encryptedData (docs/wechat-contract.md#encrypted-open-data) and getuserphonenumber's phone_info (docs/wechat-contract.md#phone-numbers).
// WeChat quirk: the doc types countryCode as a string but its samples send the number 86, so both are read.
public sealed record PhoneNumberInfo(string PhoneNumber, string PurePhoneNumber, string CountryCode, DataWatermark? Watermark)
{
    public static PhoneNumberInfo? TryRead(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || ReadString(payload, "phoneNumber") is not { } phoneNumber
            || ReadString(payload, "purePhoneNumber") is not { } purePhoneNumber
            || ReadString(payload, "countryCode") is not { } countryCode)
        {
            return null;
        }

        return new PhoneNumberInfo(phoneNumber, purePhoneNumber, countryCode, DataWatermark.TryRead(payload));
    }

    private static string? ReadString(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
