using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

public sealed class WxBizMsgCryptTests
{
    private static readonly EncodingAesKey V3Key = EncodingAesKey.Parse(Vectors.V3Key);
    private static readonly byte[] V3Random = Encoding.ASCII.GetBytes(Vectors.V3Random);

    [Fact]
    public void Encryption_with_the_fixed_random_prefix_matches_vector_V3() =>
        Assert.Equal(Vectors.V3Ciphertext, WxBizMsgCrypt.Encrypt(Vectors.V3Message, Vectors.V3AppId, V3Key, V3Random));

    [Fact]
    public void Decryption_of_vector_V3_gives_the_message_back() =>
        Assert.Equal(Vectors.V3Message, WxBizMsgCrypt.Decrypt(Vectors.V3Ciphertext, Vectors.V3AppId, V3Key));

    [Theory]
    [InlineData("")]
    [InlineData("<xml><Content><![CDATA[登录成功]]></Content></xml>")]
    [InlineData("exactly aligned: 20 + 12 + 18 = 50")]
    public void Encrypted_message_decrypts_to_itself(string message)
    {
        var cipher = WxBizMsgCrypt.Encrypt(message, Vectors.V3AppId, V3Key);

        Assert.Equal(message, WxBizMsgCrypt.Decrypt(cipher, Vectors.V3AppId, V3Key));
    }

    [Fact]
    public void Message_that_fills_whole_blocks_gets_a_full_block_of_padding()
    {
        // 16 random + 4 length + 26 message + 18 appid = 64 bytes, already aligned to 32.
        var cipher = WxBizMsgCrypt.Encrypt(new string('m', 26), Vectors.V3AppId, V3Key, V3Random);

        Assert.Equal(96, Convert.FromBase64String(cipher).Length);
    }

    [Fact]
    public void Two_encryptions_of_one_message_differ_by_their_random_prefix() =>
        Assert.NotEqual(
            WxBizMsgCrypt.Encrypt("hello", Vectors.V3AppId, V3Key),
            WxBizMsgCrypt.Encrypt("hello", Vectors.V3AppId, V3Key));

    [Fact]
    public void Random_prefix_of_the_wrong_length_is_refused() =>
        Assert.Throws<ArgumentException>(() => WxBizMsgCrypt.Encrypt("hello", Vectors.V3AppId, V3Key, new byte[15]));

    [Fact]
    public void Message_for_another_appid_is_rejected_as_appid_mismatch()
    {
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(Vectors.V3Ciphertext, "wx0000000000000000", V3Key));

        Assert.Equal(WeChatCryptoError.AppIdMismatch, error.Error);
    }

    [Fact]
    public void Decryption_falls_back_to_the_previous_key_and_says_so()
    {
        var current = EncodingAesKey.Generate();
        var result = WxBizMsgCrypt.Decrypt(Vectors.V3Ciphertext, Vectors.V3AppId, current, V3Key);

        Assert.Equal(Vectors.V3Message, result.Text);
        Assert.Same(V3Key, result.Key);
        Assert.True(result.UsedPreviousKey);
    }

    [Fact]
    public void Decryption_with_the_current_key_does_not_touch_the_previous_one()
    {
        var result = WxBizMsgCrypt.Decrypt(Vectors.V3Ciphertext, Vectors.V3AppId, V3Key, EncodingAesKey.Generate());

        Assert.Same(V3Key, result.Key);
        Assert.False(result.UsedPreviousKey);
    }

    [Fact]
    public void When_both_keys_fail_the_current_keys_error_is_reported()
    {
        var error = Assert.Throws<WeChatCryptoException>(() =>
            WxBizMsgCrypt.Decrypt(Vectors.V3Ciphertext, "wx0000000000000000", V3Key, EncodingAesKey.Generate()));

        Assert.Equal(WeChatCryptoError.AppIdMismatch, error.Error);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("abc")]
    [InlineData("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=")]
    public void Ciphertext_that_is_not_base64_is_rejected(string cipher)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(cipher, Vectors.V3AppId, V3Key));

        Assert.Equal(WeChatCryptoError.InvalidBase64, error.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(33)]
    public void Truncated_ciphertext_is_rejected_as_an_illegal_buffer(int length)
    {
        var cipher = Convert.ToBase64String(Convert.FromBase64String(Vectors.V3Ciphertext)[..length]);
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(cipher, Vectors.V3AppId, V3Key));

        Assert.Equal(WeChatCryptoError.IllegalBuffer, error.Error);
    }

    [Fact]
    public void Ciphertext_cut_to_its_first_block_has_no_room_for_the_appid()
    {
        var cipher = Convert.ToBase64String(Convert.FromBase64String(Vectors.V3Ciphertext)[..32]);

        Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(cipher, Vectors.V3AppId, V3Key));
    }

    [Fact]
    public void Padding_longer_than_the_decrypted_buffer_is_rejected()
    {
        var plain = new byte[16];
        plain[^1] = 32;

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(RawEncrypt(plain, V3Key), Vectors.V3AppId, V3Key));

        Assert.Equal(WeChatCryptoError.IllegalBuffer, error.Error);
    }

    [Fact]
    public void Length_prefix_past_the_end_of_the_buffer_is_rejected()
    {
        var plain = new byte[64];
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), uint.MaxValue);
        plain.AsSpan(48).Fill(16);

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(RawEncrypt(plain, V3Key), Vectors.V3AppId, V3Key));

        Assert.Equal(WeChatCryptoError.IllegalBuffer, error.Error);
    }

    [Fact]
    public void Message_bytes_that_are_not_utf8_are_rejected()
    {
        var appId = Encoding.UTF8.GetBytes(Vectors.V3AppId);
        var plain = new byte[64];
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), 2);
        plain[20] = 0xC3;
        plain[21] = 0x28;
        appId.CopyTo(plain, 22);
        plain.AsSpan(22 + appId.Length).Fill((byte)(64 - 22 - appId.Length));

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizMsgCrypt.Decrypt(RawEncrypt(plain, V3Key), Vectors.V3AppId, V3Key));

        Assert.Equal(WeChatCryptoError.IllegalBuffer, error.Error);
    }

    internal static string RawEncrypt(byte[] plain, EncodingAesKey key)
    {
        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.Iv, PaddingMode.None));
    }
}
