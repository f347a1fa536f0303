using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace WeGate.WeChat.Crypto;

// An EncodingAESKey is 43 characters of [a-zA-Z0-9]; base64-decoding it with one "=" appended gives
// the 32-byte AES-256 key, whose first 16 bytes are also the IV (docs/wechat-contract.md#encodingaeskey).
public sealed class EncodingAesKey
{
    public const int Length = 43;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly byte[] key;

    private EncodingAesKey(string text, byte[] key)
    {
        Text = text;
        this.key = key;
    }

    public string Text { get; }

    internal ReadOnlySpan<byte> Key => key;

    internal ReadOnlySpan<byte> Iv => key.AsSpan(0, 16);

    public static EncodingAesKey Parse(string text) =>
        TryParse(text, out var parsed)
            ? parsed
            : throw new WeChatCryptoException(
                WeChatCryptoError.IllegalAesKey,
                $"An EncodingAESKey must be exactly {Length} characters from [a-zA-Z0-9].");

    public static bool TryParse(string? text, [NotNullWhen(true)] out EncodingAesKey? parsed)
    {
        parsed = null;
        if (text is null || text.Length != Length || !text.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        // 43 characters carry 258 bits; the decoder drops the last 2, as every WeChat SDK does.
        var key = Convert.FromBase64String(text + "=");
        parsed = new EncodingAesKey(text, key);
        return true;
    }

    public static EncodingAesKey Generate() =>
        Parse(RandomNumberGenerator.GetString(Alphabet, Length));

    // The key is a secret: keep it out of logs and debugger summaries.
    public override string ToString() => "EncodingAesKey(***)";
}
