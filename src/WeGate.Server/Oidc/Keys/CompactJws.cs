using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace WeGate.Server.Oidc.Keys;

// JWS Compact Serialization (RFC 7515 §7.1): BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
internal static class CompactJws
{
    private const int MaxSignatureSize = 512; // RSA 4096

    // The hot path of every token: one pooled buffer, the signature on the stack, one string allocated.
    public static string Sign(JwsKey key, string? typ, ReadOnlySpan<byte> payloadJson)
    {
        var header = key.EncodedHeader(typ);
        var payloadLength = Base64Url.GetEncodedLength(payloadJson.Length);
        var signingInputLength = header.Length + 1 + payloadLength;
        var total = signingInputLength + 1 + Base64Url.GetEncodedLength(key.SignatureSize);
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var jws = rented.AsSpan(0, total);
            header.CopyTo(jws);
            jws[header.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payloadJson, jws.Slice(header.Length + 1, payloadLength));
            jws[signingInputLength] = (byte)'.';
            Span<byte> signature = stackalloc byte[MaxSignatureSize];
            var written = key.Sign(jws[..signingInputLength], signature);
            var encoded = Base64Url.EncodeToUtf8(signature[..written], jws[(signingInputLength + 1)..]);
            return Encoding.ASCII.GetString(jws[..(signingInputLength + 1 + encoded)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // RFC 7515 §2: base64url without padding, line breaks or whitespace. .NET's decoder tolerates
    // padding and whitespace, so the alphabet is checked here first; a length of 4n+1 encodes nothing.
    public static bool IsStrictBase64Url(ReadOnlySpan<char> part)
    {
        if (part.Length % 4 == 1)
            return false;
        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                return false;
        }
        return true;
    }

    // Decodes a part already checked by IsStrictBase64Url; false when its last character carries
    // non-zero spare bits (a second spelling of the same bytes).
    public static bool TryDecode(ReadOnlySpan<char> part, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromChars(part, destination, out _, out written) == OperationStatus.Done;
}
