using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

public sealed class EncodingAesKeyTests
{
    [Fact]
    public void Key_of_vector_V3_parses_into_32_bytes_with_the_first_16_as_iv()
    {
        var key = EncodingAesKey.Parse(Vectors.V3Key);

        Assert.Equal(32, key.Key.Length);
        Assert.Equal(key.Key[..16].ToArray(), key.Iv.ToArray());
        Assert.Equal(Vectors.V3Key, key.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE+G")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE=G")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEÄG")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCD FG")]
    public void Malformed_key_is_rejected_with_a_typed_error(string text)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => EncodingAesKey.Parse(text));

        Assert.Equal(WeChatCryptoError.IllegalAesKey, error.Error);
        Assert.False(EncodingAesKey.TryParse(text, out _));
    }

    [Fact]
    public void Null_key_does_not_parse() => Assert.False(EncodingAesKey.TryParse(null, out _));

    [Fact]
    public void Generated_key_is_43_alphanumeric_characters()
    {
        var key = EncodingAesKey.Generate();

        Assert.Equal(43, key.Text.Length);
        Assert.All(key.Text, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
    }

    [Fact]
    public void Key_does_not_print_its_secret() =>
        Assert.DoesNotContain(Vectors.V3Key, EncodingAesKey.Parse(Vectors.V3Key).ToString(), StringComparison.Ordinal);
}
