using System.Globalization;
using System.Security.Cryptography;

namespace WeGate.WeChat.Messages;

// WeChat's timestamps are Unix seconds and its nonces decimal digits (docs/wechat-contract.md#test-vectors V1, V2).
internal static class CallbackNonce
{
    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Nonce() =>
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}
