using System.Security.Cryptography;

namespace WeGate.Sandbox.Grants;

internal static class RandomText
{
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string UrlSafeOf(int length) => RandomNumberGenerator.GetString(UrlSafe, length);

    public static string Hex(int length) => RandomNumberGenerator.GetHexString(length, lowercase: true);

    // session_key: 16 random bytes as 24-char base64 (docs/wechat-contract.md#session-keys).
    public static string SessionKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    // QR tickets are base64 and contain + / = (docs/wechat-contract.md#qr-images), which is why they must be URL-encoded.
    public static string Ticket() => "gQ" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(60));
}
