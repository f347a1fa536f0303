using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

public sealed class WeChatSignatureTests
{
    [Fact]
    public void Url_signature_matches_vector_V1() =>
        Assert.Equal("899cf89e464efb63f54ddac96b0a0a235f53aa78", WeChatSignature.ForUrl("AAAAA", "1714037059", "486452656"));

    [Fact]
    public void Url_signature_of_vector_V1_verifies() =>
        Assert.True(WeChatSignature.VerifyUrl("AAAAA", "1714037059", "486452656", "899cf89e464efb63f54ddac96b0a0a235f53aa78"));

    [Theory]
    [InlineData("899cf89e464efb63f54ddac96b0a0a235f53aa79")]
    [InlineData("899cf89e464efb63f54ddac96b0a0a235f53aa7")]
    [InlineData("")]
    [InlineData(null)]
    public void Url_signature_that_differs_is_rejected(string? signature) =>
        Assert.False(WeChatSignature.VerifyUrl("AAAAA", "1714037059", "486452656", signature));

    [Fact]
    public void Url_signature_without_timestamp_or_nonce_is_rejected()
    {
        Assert.False(WeChatSignature.VerifyUrl("AAAAA", null, "486452656", "899cf89e464efb63f54ddac96b0a0a235f53aa78"));
        Assert.False(WeChatSignature.VerifyUrl("AAAAA", "1714037059", null, "899cf89e464efb63f54ddac96b0a0a235f53aa78"));
    }

    [Fact]
    public void Echostr_verification_with_vector_V2_responds_with_the_echostr()
    {
        var ok = EchostrVerification.TryRespond(
            "AAAAA", "f464b24fc39322e44b38aa78f5edd27bd1441696", "1714036504", "1514711492", "4375120948345356249", out var body);

        Assert.True(ok);
        Assert.Equal("4375120948345356249", body);
    }

    [Fact]
    public void Echostr_verification_with_a_wrong_signature_gives_no_body()
    {
        var ok = EchostrVerification.TryRespond(
            "AAAAA", "f464b24fc39322e44b38aa78f5edd27bd1441697", "1714036504", "1514711492", "4375120948345356249", out var body);

        Assert.False(ok);
        Assert.Null(body);
    }

    [Fact]
    public void Msg_signature_matches_the_value_derived_from_vector_V3() =>
        Assert.Equal(
            Vectors.V3MsgSignature,
            WeChatSignature.ForMessage(Vectors.V3Token, Vectors.V3Timestamp, Vectors.V3Nonce, Vectors.V3Ciphertext));

    [Fact]
    public void Msg_signature_of_vector_V3_verifies_and_a_tampered_ciphertext_does_not()
    {
        Assert.True(WeChatSignature.VerifyMessage(
            Vectors.V3Token, Vectors.V3Timestamp, Vectors.V3Nonce, Vectors.V3Ciphertext, Vectors.V3MsgSignature));
        Assert.False(WeChatSignature.VerifyMessage(
            Vectors.V3Token, Vectors.V3Timestamp, Vectors.V3Nonce, Vectors.V3Ciphertext + "x", Vectors.V3MsgSignature));
    }

    [Fact]
    public void Signature_parts_are_sorted_ordinally_not_by_culture()
    {
        // Ordinal puts "B" (0x42) before "a" (0x61); a culture-aware sort would not. Expected = sha1("Bab").
        Assert.Equal("73b1a9554ddd479a2a755f8ebc4a291233cd8b66", WeChatSignature.ForUrl("a", "B", "b"));
    }
}
