using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WeGate.WeChat.Crypto;

// Mini Program open-data decryption (docs/wechat-contract.md#encrypted-open-data): AES-128-CBC with PKCS#7, key and IV
// base64-decoded from the session_key and iv, and a watermark.appid that must be ours.
public static class WxBizDataCrypt
{
    // Real payloads (profile, phone) are well under 1 KiB; this only stops a hostile client
    // from making us decrypt and parse megabytes.
    public const int MaxEncryptedDataLength = 16 * 1024;

    // The official demo checks the text length of both values before decoding them.
    private const int Base64Of16BytesLength = 24;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    public static string Decrypt(string encryptedData, string iv, string sessionKey, string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        var json = DecryptWithoutWatermarkCheck(encryptedData, iv, sessionKey);
        using var document = ParseJson(json);
        var watermark = DataWatermark.TryRead(document.RootElement);
        if (watermark is null)
        {
            throw new WeChatCryptoException(WeChatCryptoError.IllegalDataBuffer, "The decrypted data carries no watermark.appid.");
        }

        if (!string.Equals(watermark.AppId, appId, StringComparison.Ordinal))
        {
            throw new WeChatCryptoException(WeChatCryptoError.AppIdMismatch, "The decrypted data belongs to a different appid.");
        }

        return json;
    }

    public static PhoneNumberInfo DecryptPhoneNumber(string encryptedData, string iv, string sessionKey, string appId)
    {
        using var document = ParseJson(Decrypt(encryptedData, iv, sessionKey, appId));
        return PhoneNumberInfo.TryRead(document.RootElement)
            ?? throw new WeChatCryptoException(WeChatCryptoError.IllegalDataBuffer, "The decrypted data is not a phone number payload.");
    }

    // The sandbox plays WeChat and needs the other direction.
    public static string Encrypt(string json, string iv, string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var aes = CreateAes(sessionKey);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(json), DecodeIv(iv), PaddingMode.PKCS7));
    }

    private static string DecryptWithoutWatermarkCheck(string encryptedData, string iv, string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(encryptedData);
        using var aes = CreateAes(sessionKey);
        var ivBytes = DecodeIv(iv);
        if (encryptedData.Length > MaxEncryptedDataLength)
        {
            throw new WeChatCryptoException(WeChatCryptoError.IllegalDataBuffer, "The encrypted data is too large.");
        }

        var cipher = DecodeBase64(encryptedData, WeChatCryptoError.InvalidBase64, "encryptedData");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(aes.DecryptCbc(cipher, ivBytes, PaddingMode.PKCS7));
        }
        catch (Exception ex) when (ex is CryptographicException or DecoderFallbackException)
        {
            throw new WeChatCryptoException(WeChatCryptoError.IllegalDataBuffer, "The encrypted data did not decrypt.", ex);
        }
    }

    private static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new WeChatCryptoException(WeChatCryptoError.IllegalDataBuffer, "The decrypted data is not JSON.", ex);
        }
    }

    private static Aes CreateAes(string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        var key = sessionKey.Length == Base64Of16BytesLength
            ? DecodeBase64(sessionKey, WeChatCryptoError.IllegalSessionKey, "session_key")
            : [];
        if (key.Length != 16)
        {
            throw new WeChatCryptoException(WeChatCryptoError.IllegalSessionKey, "A session_key must be 24 base64 characters of 16 bytes.");
        }

        var aes = Aes.Create();
        aes.Key = key;
        return aes;
    }

    private static byte[] DecodeIv(string iv)
    {
        ArgumentNullException.ThrowIfNull(iv);
        var bytes = iv.Length == Base64Of16BytesLength
            ? DecodeBase64(iv, WeChatCryptoError.IllegalIv, "iv")
            : [];
        return bytes.Length == 16
            ? bytes
            : throw new WeChatCryptoException(WeChatCryptoError.IllegalIv, "An iv must be 24 base64 characters of 16 bytes.");
    }

    private static byte[] DecodeBase64(string text, WeChatCryptoError error, string what)
    {
        var buffer = new byte[(text.Length / 4 * 3) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? buffer[..written]
            : throw new WeChatCryptoException(error, $"The {what} is not valid base64.");
    }
}
