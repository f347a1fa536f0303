using System.Text.Json;

namespace WeGate.WeChat.Crypto;

// Every decrypted open-data payload carries watermark {appid, timestamp} (docs/wechat-contract.md#encrypted-open-data).
public sealed record DataWatermark(string AppId, long? Timestamp)
{
    public static DataWatermark? TryRead(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("watermark", out var watermark)
            || watermark.ValueKind != JsonValueKind.Object
            || !watermark.TryGetProperty("appid", out var appId)
            || appId.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        long? timestamp = watermark.TryGetProperty("timestamp", out var ts)
            && ts.ValueKind == JsonValueKind.Number
            && ts.TryGetInt64(out var value)
            ? value
            : null;
        return new DataWatermark(appId.GetString()!, timestamp);
    }
}
