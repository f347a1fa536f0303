using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WeGate.Core.Keys;

namespace WeGate.Server.Oidc.Keys;

// New key pairs: ES256 on P-256, RS256 with a 2048-bit modulus. The kid is the RFC 7638 JWK thumbprint
// (SHA-256, base64url), so a relying party can recompute it from the published key.
internal static class JwsKeyFactory
{
    public const int RsaKeySize = 2048;

    public static NewSigningKey Create(string algorithm) => algorithm switch
    {
        JwsAlgorithm.ES256 => CreateEs256(),
        JwsAlgorithm.RS256 => CreateRs256(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "WeGate signs with ES256 or RS256"),
    };

    private static NewSigningKey CreateEs256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.EncodeToString(p.Q.X);
        var y = Base64Url.EncodeToString(p.Q.Y);
        // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
        var kid = Thumbprint($$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""");
        var jwk = new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["alg"] = JwsAlgorithm.ES256, ["kid"] = kid, ["crv"] = "P-256", ["x"] = x, ["y"] = y };
        return new NewSigningKey(kid, JwsAlgorithm.ES256, key.ExportPkcs8PrivateKey(), jwk.ToJsonString());
    }

    private static NewSigningKey CreateRs256()
    {
        using var key = RSA.Create(RsaKeySize);
        var p = key.ExportParameters(includePrivateParameters: false);
        var n = Base64Url.EncodeToString(p.Modulus);
        var e = Base64Url.EncodeToString(p.Exponent);
        var kid = Thumbprint($$"""{"e":"{{e}}","kty":"RSA","n":"{{n}}"}""");
        var jwk = new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = JwsAlgorithm.RS256, ["kid"] = kid, ["n"] = n, ["e"] = e };
        return new NewSigningKey(kid, JwsAlgorithm.RS256, key.ExportPkcs8PrivateKey(), jwk.ToJsonString());
    }

    private static string Thumbprint(string canonicalJwk) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJwk)));
}
