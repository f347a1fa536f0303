using System.Text.Json;
using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

public sealed class WxBizDataCryptTests
{
    private const string SessionKey = "HyVFkGl5F5OQWJZZaNzBBg==";
    private const string Iv = "r7BXXKkLb8qrSNn05n0qiA==";
    private const string AppId = "wx4f4bc4dec97d474b";

    [Fact]
    public void Official_demo_data_decrypts_to_the_profile_with_its_watermark()
    {
        var json = WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, Vectors.DemoIv, Vectors.DemoSessionKey, Vectors.DemoAppId);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("oGZUI0egBJY1zhBYw2KhdUfwVJJE", document.RootElement.GetProperty("openId").GetString());
        Assert.Equal(Vectors.DemoAppId, DataWatermark.TryRead(document.RootElement)!.AppId);
    }

    [Fact]
    public void Official_demo_data_for_another_appid_is_rejected_as_appid_mismatch()
    {
        var error = Assert.Throws<WeChatCryptoException>(() =>
            WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, Vectors.DemoIv, Vectors.DemoSessionKey, "wx0000000000000000"));

        Assert.Equal(WeChatCryptoError.AppIdMismatch, error.Error);
    }

    [Theory]
    [InlineData("\"86\"")]
    [InlineData("86")]
    public void Phone_payload_reads_country_code_as_string_or_number(string countryCode)
    {
        var json = $$$"""{"phoneNumber":"13580006666","purePhoneNumber":"13580006666","countryCode":{{{countryCode}}},"watermark":{"appid":"{{{AppId}}}","timestamp":1637744274}}""";
        var encrypted = WxBizDataCrypt.Encrypt(json, Iv, SessionKey);

        var phone = WxBizDataCrypt.DecryptPhoneNumber(encrypted, Iv, SessionKey, AppId);

        Assert.Equal(new PhoneNumberInfo("13580006666", "13580006666", "86", new DataWatermark(AppId, 1637744274)), phone);
    }

    [Fact]
    public void Payload_that_is_not_a_phone_number_is_rejected()
    {
        var encrypted = WxBizDataCrypt.Encrypt($$$"""{"nickName":"Band","watermark":{"appid":"{{{AppId}}}"}}""", Iv, SessionKey);

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.DecryptPhoneNumber(encrypted, Iv, SessionKey, AppId));

        Assert.Equal(WeChatCryptoError.IllegalDataBuffer, error.Error);
    }

    [Theory]
    [InlineData("""{"nickName":"Band"}""")]
    [InlineData("""{"watermark":{"appid":42}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""not json""")]
    public void Payload_without_a_readable_watermark_is_rejected(string json)
    {
        var encrypted = WxBizDataCrypt.Encrypt(json, Iv, SessionKey);

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.Decrypt(encrypted, Iv, SessionKey, AppId));

        Assert.Equal(WeChatCryptoError.IllegalDataBuffer, error.Error);
    }

    [Theory]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBg=")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBg===")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBB!==")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBgAA")]
    public void Session_key_that_is_not_24_characters_of_16_bytes_is_rejected(string sessionKey)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, Iv, sessionKey, AppId));

        Assert.Equal(WeChatCryptoError.IllegalSessionKey, error.Error);
    }

    [Theory]
    [InlineData("r7BXXKkLb8qrSNn05n0qiA=")]
    [InlineData("r7BXXKkLb8qrSNn05n0qi*==")]
    [InlineData("")]
    public void Iv_that_is_not_24_characters_of_16_bytes_is_rejected(string iv)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, iv, SessionKey, AppId));

        Assert.Equal(WeChatCryptoError.IllegalIv, error.Error);
    }

    [Fact]
    public void Encrypted_data_that_is_not_base64_is_rejected()
    {
        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.Decrypt("%%%", Iv, SessionKey, AppId));

        Assert.Equal(WeChatCryptoError.InvalidBase64, error.Error);
    }

    [Fact]
    public void Encrypted_data_with_the_wrong_key_fails_padding_or_json_as_an_illegal_buffer()
    {
        var error = Assert.Throws<WeChatCryptoException>(() =>
            WxBizDataCrypt.Decrypt(Vectors.DemoEncryptedData, Vectors.DemoIv, SessionKey, Vectors.DemoAppId));

        Assert.Equal(WeChatCryptoError.IllegalDataBuffer, error.Error);
    }

    [Fact]
    public void Truncated_encrypted_data_is_rejected_as_an_illegal_buffer()
    {
        var truncated = Convert.ToBase64String(Convert.FromBase64String(Vectors.DemoEncryptedData)[..20]);

        var error = Assert.Throws<WeChatCryptoException>(() =>
            WxBizDataCrypt.Decrypt(truncated, Vectors.DemoIv, Vectors.DemoSessionKey, Vectors.DemoAppId));

        Assert.Equal(WeChatCryptoError.IllegalDataBuffer, error.Error);
    }

    [Fact]
    public void Oversized_encrypted_data_is_rejected_before_decryption()
    {
        var huge = new string('A', WxBizDataCrypt.MaxEncryptedDataLength + 4);

        var error = Assert.Throws<WeChatCryptoException>(() => WxBizDataCrypt.Decrypt(huge, Iv, SessionKey, AppId));

        Assert.Equal(WeChatCryptoError.IllegalDataBuffer, error.Error);
    }
}
