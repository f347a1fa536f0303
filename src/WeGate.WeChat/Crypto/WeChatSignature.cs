using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace WeGate.WeChat.Crypto;

// Both callback signatures are sha1 over the ordinal-sorted concatenation of their parts,
// as lowercase hex (docs/wechat-contract.md#server-url-verification, docs/wechat-contract.md#message-crypto).
public static class WeChatSignature
{
    public static string ForUrl(string token, string timestamp, string nonce) =>
        Compute(token, timestamp, nonce);

    public static string ForMessage(string token, string timestamp, string nonce, string encrypt) =>
        Compute(token, timestamp, nonce, encrypt);

    public static bool VerifyUrl(string token, string? timestamp, string? nonce, string? signature) =>
        timestamp is not null && nonce is not null
        && FixedTimeEquals(ForUrl(token, timestamp, nonce), signature);

    public static bool VerifyMessage(
        string token, string? timestamp, string? nonce, string encrypt, string? msgSignature) =>
        timestamp is not null && nonce is not null
        && FixedTimeEquals(ForMessage(token, timestamp, nonce, encrypt), msgSignature);

    internal static bool FixedTimeEquals(string expected, string? provided)
    {
        if (provided is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));
    }

    [SuppressMessage("Security", "CA5350", Justification = "WeChat's signature protocol is defined over SHA-1 (docs/wechat-contract.md#message-crypto).")]
    internal static string Sha1Hex(string text) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Compute(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Sha1Hex(string.Concat(parts));
    }
}
