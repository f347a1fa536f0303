using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeGate.Core.Keys;

namespace WeGate.Server.Oidc.Keys;

// One published key, loaded for use. Only the active key carries its private half. Sign and Verify are
// called from many threads at once: .NET's ECDsa and RSA on OpenSSL create a fresh EVP_PKEY_CTX per
// operation over an EVP_PKEY that is never modified after import, which OpenSSL supports sharing.
[SuppressMessage("Design", "CA1001", Justification = "A replaced snapshot's keys may still be signing on other threads; their SafeHandles free the native keys when collected.")]
internal sealed class JwsKey
{
    private const int MaxCachedHeaders = 16;

    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;
    private readonly byte[] _headerWithoutTyp;
    private readonly ConcurrentDictionary<string, byte[]> _headers = new(StringComparer.Ordinal);

    private JwsKey(SigningKeyRecord record, JsonObject publicJwk, ECDsa? ec, RSA? rsa)
    {
        Kid = record.Kid;
        Algorithm = record.Algorithm;
        State = record.State;
        CreatedAt = record.CreatedAt;
        ActivatedAt = record.ActivatedAt;
        PublicJwk = publicJwk;
        CanSign = record.PrivateKeyPkcs8 is not null;
        _ec = ec;
        _rsa = rsa;
        SignatureSize = ec is not null ? 64 : rsa!.KeySize / 8;
        _headerWithoutTyp = EncodeHeader(null);
    }

    public string Kid { get; }
    public string Algorithm { get; }
    public string State { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? ActivatedAt { get; }
    public JsonObject PublicJwk { get; }
    public bool CanSign { get; }
    public int SignatureSize { get; }

    public static JwsKey Load(SigningKeyRecord record)
    {
        var jwk = JsonNode.Parse(record.PublicJwk)?.AsObject() ?? throw new InvalidDataException($"Signing key {record.Kid} has no public JWK");
        switch (record.Algorithm)
        {
            case JwsAlgorithm.ES256:
                var ec = ECDsa.Create();
                try
                {
                    if (record.PrivateKeyPkcs8 is { } ecPrivate)
                        ImportPrivate(ec, ecPrivate);
                    else
                        ec.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Coordinate(jwk, "x", 32), Y = Coordinate(jwk, "y", 32) } });
                    var q = ec.ExportParameters(false).Q;
                    if (ec.KeySize != 256 || Base64Url.EncodeToString(q.X) != Text(jwk, "x") || Base64Url.EncodeToString(q.Y) != Text(jwk, "y"))
                        throw new InvalidDataException($"Signing key {record.Kid}: the private key does not match its published JWK");
                    return new JwsKey(record, jwk, ec, null);
                }
                catch
                {
                    ec.Dispose();
                    throw;
                }
            case JwsAlgorithm.RS256:
                var rsa = RSA.Create();
                try
                {
                    if (record.PrivateKeyPkcs8 is { } rsaPrivate)
                        ImportPrivate(rsa, rsaPrivate);
                    else
                        rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.DecodeFromChars(Text(jwk, "n")), Exponent = Base64Url.DecodeFromChars(Text(jwk, "e")) });
                    var p = rsa.ExportParameters(false);
                    if (rsa.KeySize < JwsKeyFactory.RsaKeySize || Base64Url.EncodeToString(p.Modulus) != Text(jwk, "n") || Base64Url.EncodeToString(p.Exponent) != Text(jwk, "e"))
                        throw new InvalidDataException($"Signing key {record.Kid}: the private key does not match its published JWK");
                    return new JwsKey(record, jwk, null, rsa);
                }
                catch
                {
                    rsa.Dispose();
                    throw;
                }
            default:
                throw new InvalidDataException($"Signing key {record.Kid} has the unsupported algorithm {record.Algorithm}");
        }
    }

    // The encoded protected header for this typ, e.g. eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9 (ASCII bytes).
    public byte[] EncodedHeader(string? typ)
    {
        if (typ is null)
            return _headerWithoutTyp;
        if (_headers.TryGetValue(typ, out var cached))
            return cached;
        // A handful of typs exist (JWT, at+jwt, logout+jwt…); anything beyond the cap is encoded per call.
        return _headers.Count < MaxCachedHeaders ? _headers.GetOrAdd(typ, static (t, key) => key.EncodeHeader(t), this) : EncodeHeader(typ);
    }

    public int Sign(ReadOnlySpan<byte> signingInput, Span<byte> destination)
    {
        if (!CanSign)
            throw new InvalidOperationException($"Signing key {Kid} is {State}: only the active key signs");
        var done = _ec is not null
            ? _ec.TrySignData(signingInput, destination, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
            : _rsa!.TrySignData(signingInput, destination, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out written);
        return done ? written : throw new CryptographicException("The signature buffer is too small");
    }

    public bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
            return false;
        try
        {
            return _ec is not null
                ? _ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                : _rsa!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private byte[] EncodeHeader(string? typ)
    {
        var json = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteString("alg", Algorithm);
            w.WriteString("kid", Kid);
            if (typ is not null)
                w.WriteString("typ", typ);
            w.WriteEndObject();
        }
        var encoded = new byte[Base64Url.GetEncodedLength(json.WrittenCount)];
        Base64Url.EncodeToUtf8(json.WrittenSpan, encoded);
        return encoded;
    }

    private static void ImportPrivate(AsymmetricAlgorithm key, byte[] pkcs8)
    {
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static string Text(JsonObject jwk, string member) =>
        jwk[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new InvalidDataException($"The stored JWK has no {member}");

    private static byte[] Coordinate(JsonObject jwk, string member, int length)
    {
        var bytes = Base64Url.DecodeFromChars(Text(jwk, member));
        return bytes.Length == length ? bytes : throw new InvalidDataException($"The stored JWK's {member} is not {length} bytes");
    }
}
