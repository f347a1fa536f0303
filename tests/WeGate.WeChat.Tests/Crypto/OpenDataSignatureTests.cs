using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Tests.Crypto;

public sealed class OpenDataSignatureTests
{
    [Fact]
    public void Raw_data_signature_matches_vector_V4() =>
        Assert.Equal(Vectors.V4Signature, OpenDataSignature.ForRawData(Vectors.V4RawData, Vectors.V4SessionKey));

    [Fact]
    public void Raw_data_of_vector_V4_verifies_and_altered_raw_data_does_not()
    {
        Assert.True(OpenDataSignature.VerifyRawData(Vectors.V4RawData, Vectors.V4SessionKey, Vectors.V4Signature));
        Assert.False(OpenDataSignature.VerifyRawData(Vectors.V4RawData + " ", Vectors.V4SessionKey, Vectors.V4Signature));
        Assert.False(OpenDataSignature.VerifyRawData(Vectors.V4RawData, Vectors.V4SessionKey, null));
    }

    // Expected values computed independently: python3 hmac.new(b"HyVFkGl5F5OQWJZZaNzBBg==", b"", sha256).
    [Fact]
    public void Checksession_signature_is_hmac_sha256_of_nothing_keyed_by_the_session_key_text()
    {
        const string expected = "252b75c92698025afe925b29cca5517fdf9ee67aae072cf3225ebf3a53783058";

        Assert.Equal(expected, OpenDataSignature.ForCheckSession(Vectors.V4SessionKey));
        Assert.True(OpenDataSignature.VerifyCheckSession(Vectors.V4SessionKey, expected));
    }

    [Fact]
    public void Request_signature_is_hmac_sha256_of_the_body() =>
        Assert.Equal(
            "e6da237c579986b32c7990268067f1c5fd58a2bb349896a463ff91d90946ef62",
            OpenDataSignature.ForRequestBody(Vectors.V4SessionKey, """{"a":1}"""));
}
