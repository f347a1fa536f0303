using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeGate.WeChat.Crypto;

// The WXBizMsgCrypt algorithm (docs/wechat-contract.md#message-crypto): AES-256-CBC with IV = key[0:16] over
// random(16) ‖ uint32_be(len(msg)) ‖ msg ‖ appid, PKCS#7-padded to 32-byte blocks.
public static class WxBizMsgCrypt
{
    public const int RandomPrefixLength = 16;

    private const int HeaderLength = RandomPrefixLength + sizeof(uint);
    private const int PaddingBlock = 32;
    private const int AesBlock = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encrypt(string message, string appId, EncodingAesKey key)
    {
        Span<byte> random = stackalloc byte[RandomPrefixLength];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, appId, key, random);
    }

    public static string Encrypt(string message, string appId, EncodingAesKey key, ReadOnlySpan<byte> randomPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(key);
        if (randomPrefix.Length != RandomPrefixLength)
        {
            throw new ArgumentException($"The random prefix must be {RandomPrefixLength} bytes.", nameof(randomPrefix));
        }

        var messageLength = StrictUtf8.GetByteCount(message);
        var unpadded = HeaderLength + messageLength + StrictUtf8.GetByteCount(appId);
        // A full block of 32 is added when already aligned, so the pad value is always 1..32.
        var pad = PaddingBlock - (unpadded % PaddingBlock);
        var plain = new byte[unpadded + pad];

        randomPrefix.CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomPrefixLength), (uint)messageLength);
        StrictUtf8.GetBytes(message, plain.AsSpan(HeaderLength));
        StrictUtf8.GetBytes(appId, plain.AsSpan(HeaderLength + messageLength));
        plain.AsSpan(unpadded).Fill((byte)pad);

        using var aes = CreateAes(key);
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.Iv, PaddingMode.None));
    }

    public static string Decrypt(string encrypted, string appId, EncodingAesKey key)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(key);
        return Open(DecodeBase64(encrypted), appId, key);
    }

    // Key rotation (docs/wechat-contract.md#key-rotation): try the current key, then the previous one.
    // When both fail, the current key's error is the one reported.
    public static DecryptedMessage Decrypt(string encrypted, string appId, EncodingAesKey current, EncodingAesKey? previous)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(current);
        var cipher = DecodeBase64(encrypted);
        try
        {
            return new DecryptedMessage(Open(cipher, appId, current), current, UsedPreviousKey: false);
        }
        catch (WeChatCryptoException) when (previous is not null)
        {
            try
            {
                return new DecryptedMessage(Open(cipher, appId, previous), previous, UsedPreviousKey: true);
            }
            catch (WeChatCryptoException)
            {
            }

            throw;
        }
    }

    private static string Open(byte[] cipher, string appId, EncodingAesKey key)
    {
        if (cipher.Length == 0 || cipher.Length % AesBlock != 0)
        {
            throw IllegalBuffer("The ciphertext is not a whole number of AES blocks.");
        }

        byte[] plain;
        using (var aes = CreateAes(key))
        {
            plain = aes.DecryptCbc(cipher, key.Iv, PaddingMode.None);
        }

        // Official demos treat a last byte outside 1..32 as "no padding" (docs/wechat-contract.md#message-crypto).
        int pad = plain[^1];
        if (pad is < 1 or > PaddingBlock)
        {
            pad = 0;
        }

        if (plain.Length - pad < HeaderLength)
        {
            throw IllegalBuffer("The decrypted message is shorter than its header.");
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content[RandomPrefixLength..]);
        if (messageLength > (uint)(content.Length - HeaderLength))
        {
            throw IllegalBuffer("The decrypted message length runs past the end of the buffer.");
        }

        var messageBytes = content.Slice(HeaderLength, (int)messageLength);
        var appIdBytes = content[(HeaderLength + (int)messageLength)..];
        if (!appIdBytes.SequenceEqual(Encoding.UTF8.GetBytes(appId)))
        {
            throw new WeChatCryptoException(
                WeChatCryptoError.AppIdMismatch, "The decrypted message belongs to a different appid.");
        }

        try
        {
            return StrictUtf8.GetString(messageBytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw IllegalBuffer("The decrypted message is not valid UTF-8.", ex);
        }
    }

    private static byte[] DecodeBase64(string encrypted)
    {
        var buffer = new byte[(encrypted.Length / 4 * 3) + 3];
        return Convert.TryFromBase64String(encrypted, buffer, out var written)
            ? buffer[..written]
            : throw new WeChatCryptoException(WeChatCryptoError.InvalidBase64, "The ciphertext is not valid base64.");
    }

    private static Aes CreateAes(EncodingAesKey key)
    {
        var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        return aes;
    }

    private static WeChatCryptoException IllegalBuffer(string message, Exception? inner = null) =>
        new(WeChatCryptoError.IllegalBuffer, message, inner);
}
