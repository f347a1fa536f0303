using System.Security.Cryptography;
using System.Text;

namespace WeGate.WeChat.Crypto;

// Signatures keyed by the session_key *text*, never its decoded bytes (docs/wechat-contract.md#open-data-signatures).
public static class OpenDataSignature
{
    // rawData check: sha1_hex(rawData + session_key) (docs/wechat-contract.md#open-data-signatures, vector V4).
    public static string ForRawData(string rawData, string sessionKey) =>
        WeChatSignature.Sha1Hex(rawData + sessionKey);

    public static bool VerifyRawData(string rawData, string sessionKey, string? signature) =>
        WeChatSignature.FixedTimeEquals(ForRawData(rawData, sessionKey), signature);

    // wxa/checksession: hex(HMAC-SHA256(key = UTF-8 of session_key, message = "")) (docs/wechat-contract.md#session-keys).
    public static string ForCheckSession(string sessionKey) => ForRequestBody(sessionKey, string.Empty);

    public static bool VerifyCheckSession(string sessionKey, string? signature) =>
        WeChatSignature.FixedTimeEquals(ForCheckSession(sessionKey), signature);

    // The general request-signature form: hmac_sha256(key = session_key, msg = post body), "" for GET (docs/wechat-contract.md#open-data-signatures).
    public static string ForRequestBody(string sessionKey, string body)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(sessionKey), Encoding.UTF8.GetBytes(body)));
    }
}
