using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeGate.Server.Oidc.Keys;

// Checks a compact JWS that one of the pool's keys signed, failing closed (RFC 8725, JWT BCP): only
// ES256 and RS256, the algorithm bound to the key (never taken from the token), no JWE, no embedded
// or remote keys (jwk, jku, x5u are ignored: only kid selects, and only among the pool's own keys).
// Anything malformed becomes a reason, never an exception.
internal sealed class JwsValidator(PoolKeyCache keys, TimeProvider clock)
{
    public const int MaxTokenLength = 16 * 1024;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private const int MaxHeaderLength = 1024;
    private const int MaxKidLength = 128;
    private const int MaxSignatureSize = 512;

    // Duplicate members are refused: two parsers reading different "iss" values is a known JWT attack.
    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public async Task<JwtCheck> ValidateAsync(string pool, string token, string expectedIssuer, string? expectedTyp, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
            return JwtCheck.Fail("the token is empty");
        if (token.Length > MaxTokenLength)
            return JwtCheck.Fail($"the token is longer than {MaxTokenLength} characters");
        var dots = token.AsSpan().Count('.');
        if (dots == 4)
            return JwtCheck.Fail("the token is encrypted (JWE, 5 parts); only signed tokens (JWS) are accepted");
        if (dots != 2)
            return JwtCheck.Fail("the token is not a compact JWS: it must have 3 parts separated by '.'");
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = token.IndexOf('.', first + 1);
        if (!CompactJws.IsStrictBase64Url(token.AsSpan(0, first)) || !CompactJws.IsStrictBase64Url(token.AsSpan(first + 1, second - first - 1))
            || !CompactJws.IsStrictBase64Url(token.AsSpan(second + 1)))
            return JwtCheck.Fail("a part of the token is not unpadded base64url");
        // An empty signature is left to the signature check, so "alg none" tokens get their own reason.
        if (first == 0 || second == first + 1)
            return JwtCheck.Fail("the token's header or payload is empty");
        if (first > MaxHeaderLength)
            return JwtCheck.Fail("the token's header is too long");

        if (ParseObject(token.AsSpan(0, first)) is not { } header)
            return JwtCheck.Fail("the token's header is not a JSON object");
        var alg = Text(header, "alg");
        if (alg is null)
            return JwtCheck.Fail("the token's header has no alg");
        if (alg.Equals("none", StringComparison.OrdinalIgnoreCase))
            return JwtCheck.Fail("alg none is refused: the token must be signed");
        if (!JwsAlgorithm.IsSupported(alg))
            return JwtCheck.Fail("the token's alg is not ES256 or RS256");
        // RFC 7515 §4.1.11: a recipient must refuse extensions it does not understand; WeGate defines none.
        if (header.ContainsKey("crit"))
            return JwtCheck.Fail("the token's header has crit extensions, which are not supported");
        if (Text(header, "kid") is not { Length: > 0 and <= MaxKidLength } kid)
            return JwtCheck.Fail("the token's header has no usable kid");

        var key = await keys.FindAsync(pool, kid, ct);
        if (key is null)
            return JwtCheck.Fail("the token's kid names no published key of this pool");
        if (key.Algorithm != alg)
            return JwtCheck.Fail($"the token's alg does not match its key, which is {key.Algorithm}");
        if (!VerifySignature(key, token, second))
            return JwtCheck.Fail("the token's signature is invalid");

        if (ParseObject(token.AsSpan(first + 1, second - first - 1)) is not { } payload)
            return JwtCheck.Fail("the token's payload is not a JSON object");
        return CheckTyp(header, expectedTyp) ?? CheckClaims(payload, expectedIssuer) ?? new JwtCheck(true, null, header, payload);
    }

    private static bool VerifySignature(JwsKey key, string token, int second)
    {
        var signaturePart = token.AsSpan(second + 1);
        if (Base64Url.GetMaxDecodedLength(signaturePart.Length) > MaxSignatureSize)
            return false;
        Span<byte> signature = stackalloc byte[MaxSignatureSize];
        if (!CompactJws.TryDecode(signaturePart, signature, out var length))
            return false;
        // The signing input is the ASCII of header '.' payload exactly as received.
        var input = ArrayPool<byte>.Shared.Rent(second);
        try
        {
            var n = Encoding.ASCII.GetBytes(token.AsSpan(0, second), input);
            return key.Verify(input.AsSpan(0, n), signature[..length]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    private static JwtCheck? CheckTyp(JsonObject header, string? expectedTyp)
    {
        if (expectedTyp is null)
            return null;
        var typ = Text(header, "typ");
        // RFC 7515 §4.1.9: "application/" may be left out of a media type without another '/'.
        return typ is not null && MediaType(typ).Equals(MediaType(expectedTyp), StringComparison.OrdinalIgnoreCase)
            ? null
            : JwtCheck.Fail($"the token's typ is not {expectedTyp}");
    }

    private JwtCheck? CheckClaims(JsonObject payload, string expectedIssuer)
    {
        if (Text(payload, "iss") != expectedIssuer)
            return JwtCheck.Fail("the token's iss is not this issuer");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var skew = ClockSkew.TotalSeconds;
        if (!payload.ContainsKey("exp"))
            return JwtCheck.Fail("the token has no exp");
        if (Number(payload, "exp") is not { } exp)
            return JwtCheck.Fail("the token's exp is not a number");
        if (now >= exp + skew)
            return JwtCheck.Fail("the token has expired");
        if (payload.ContainsKey("nbf"))
        {
            if (Number(payload, "nbf") is not { } nbf)
                return JwtCheck.Fail("the token's nbf is not a number");
            if (now + skew < nbf)
                return JwtCheck.Fail("the token is not valid yet (nbf)");
        }
        return null;
    }

    private static JsonObject? ParseObject(ReadOnlySpan<char> part)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(part.Length));
        try
        {
            if (!CompactJws.TryDecode(part, buffer, out var length))
                return null;
            return JsonNode.Parse(buffer.AsSpan(0, length), documentOptions: Json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static string MediaType(string typ) =>
        typ.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? typ["application/".Length..] : typ;

    private static string? Text(JsonObject o, string member) =>
        o[member] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double? Number(JsonObject o, string member) =>
        o[member] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
