using FsCheck;
using FsCheck.Fluent;
using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

// Whatever arrives from the network, the decryptors answer with a WeChatCryptoException or a value.
public sealed class CryptoPropertyTests
{
    private static readonly EncodingAesKey Key = EncodingAesKey.Parse(Vectors.V3Key);

    private static readonly Arbitrary<byte[]> CipherBytes =
        Gen.Choose(0, 12)
            .SelectMany(blocks => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), blocks * 16))
            .ToArbitrary();

    [Fact]
    public void Random_strings_never_escape_message_decryption_as_anything_but_a_crypto_error() =>
        Prop.ForAll<string>(text => OnlyCryptoErrors(() => WxBizMsgCrypt.Decrypt(text ?? string.Empty, Vectors.V3AppId, Key)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Random_whole_block_ciphertexts_never_escape_message_decryption_as_anything_but_a_crypto_error() =>
        Prop.ForAll(CipherBytes, bytes =>
                OnlyCryptoErrors(() => WxBizMsgCrypt.Decrypt(Convert.ToBase64String(bytes), Vectors.V3AppId, Key, EncodingAesKey.Generate())))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Random_bytes_never_escape_message_decryption_as_anything_but_a_crypto_error() =>
        Prop.ForAll<byte[]>(bytes =>
                OnlyCryptoErrors(() => WxBizMsgCrypt.Decrypt(Convert.ToBase64String(bytes), Vectors.V3AppId, Key)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Random_ciphertexts_keys_and_ivs_never_escape_data_decryption_as_anything_but_a_crypto_error() =>
        Prop.ForAll(CipherBytes, ArbMap.Default.ArbFor<string>(), ArbMap.Default.ArbFor<string>(), (bytes, iv, sessionKey) =>
            {
                OnlyCryptoErrors(() => WxBizDataCrypt.Decrypt(Convert.ToBase64String(bytes), Vectors.DemoIv, Vectors.DemoSessionKey, Vectors.DemoAppId));
                OnlyCryptoErrors(() => WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, iv ?? string.Empty, sessionKey ?? string.Empty, Vectors.DemoAppId));
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Random_strings_never_escape_key_parsing_as_anything_but_a_crypto_error() =>
        Prop.ForAll<string>(text => OnlyCryptoErrors(() => EncodingAesKey.Parse(text ?? string.Empty)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Any_well_formed_message_survives_an_encryption_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null && !HasLoneSurrogate(s)), message =>
                WxBizMsgCrypt.Decrypt(WxBizMsgCrypt.Encrypt(message, Vectors.V3AppId, Key), Vectors.V3AppId, Key) == message)
            .QuickCheckThrowOnFailure();

    private static void OnlyCryptoErrors(Action action)
    {
        try
        {
            action();
        }
        catch (WeChatCryptoException)
        {
        }
    }

    private static bool HasLoneSurrogate(string text) =>
        System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false)
            != System.Buffers.OperationStatus.Done;
}
