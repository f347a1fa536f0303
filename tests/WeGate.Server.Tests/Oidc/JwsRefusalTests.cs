using System.Security.Cryptography;
using System.Text;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Tests.Oidc;

// Hostile and broken tokens: each is refused with a reason, none throws (RFC 8725).
public abstract partial class SigningKeysContract
{
    private async Task<(SigningKeys Keys, string Pool, string Token)> SignedAsync(string algorithm = JwsAlgorithm.ES256, string? typ = null)
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        return (keys, pool, await keys.SignAsync(pool, algorithm, typ, Claims(pool, DateTimeOffset.UtcNow)));
    }

    private static async Task AssertRefusedAsync(SigningKeys keys, string pool, string token, string reason, string? typ = null)
    {
        var check = await keys.ValidateAsync(pool, token, Issuer(pool), typ);
        Assert.False(check.Valid);
        Assert.Contains(reason, check.Error, StringComparison.Ordinal);
        Assert.Null(check.Header);
        Assert.Null(check.Payload);
    }

    [Theory]
    [InlineData(JwsAlgorithm.ES256)]
    [InlineData(JwsAlgorithm.RS256)]
    public async Task A_token_with_a_changed_payload_or_signature_is_refused(string algorithm)
    {
        var (keys, pool, token) = await SignedAsync(algorithm);
        var parts = token.Split('.');
        var otherPayload = B64(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Claims(pool, DateTimeOffset.UtcNow)).Replace("u_123", "u_124", StringComparison.Ordinal)));
        var signature = Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/') + new string('=', (4 - parts[2].Length % 4) % 4));
        signature[10] ^= 1;

        await AssertRefusedAsync(keys, pool, $"{parts[0]}.{otherPayload}.{parts[2]}", "signature is invalid");
        await AssertRefusedAsync(keys, pool, $"{parts[0]}.{parts[1]}.{B64(signature)}", "signature is invalid");
        await AssertRefusedAsync(keys, pool, $"{parts[0]}.{parts[1]}.{B64(signature[..^1])}", "signature is invalid");
        await AssertRefusedAsync(keys, pool, $"{parts[0]}.{parts[1]}.", "signature is invalid");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var (keys, pool, token) = await SignedAsync();
        var kid = (string)Part(token, 0)["kid"]!;

        await AssertRefusedAsync(keys, pool, $"{B64($$"""{"alg":"none","kid":"{{kid}}"}""")}.{token.Split('.')[1]}.", "alg none is refused");
        await AssertRefusedAsync(keys, pool, $"{B64($$"""{"alg":"None","kid":"{{kid}}"}""")}.{token.Split('.')[1]}.", "alg none is refused");
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_the_published_public_key_is_refused()
    {
        // The algorithm confusion attack: a verifier that lets the token pick HMAC would use the public
        // key, which anyone can fetch, as the shared secret.
        var (keys, pool, token) = await SignedAsync(JwsAlgorithm.RS256);
        var jwks = await keys.GetJwksAsync(pool);
        var rsa = jwks["keys"]!.AsArray().First(k => (string?)k!["alg"] == JwsAlgorithm.RS256)!;
        var input = $"{B64($$"""{"alg":"HS256","kid":"{{rsa["kid"]}}","typ":"JWT"}""")}.{token.Split('.')[1]}";

        foreach (var secret in new[] { Encoding.UTF8.GetBytes(rsa.ToJsonString()), Convert.FromBase64String(((string)rsa["n"]!).Replace('-', '+').Replace('_', '/') + "==") })
        {
            var forged = input + "." + B64(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
            await AssertRefusedAsync(keys, pool, forged, "alg is not ES256 or RS256");
        }
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("PS256")]
    [InlineData("es256")]
    [InlineData("")]
    public async Task Only_ES256_and_RS256_are_accepted_as_alg(string alg)
    {
        var (keys, pool, token) = await SignedAsync();
        var kid = (string)Part(token, 0)["kid"]!;
        var parts = token.Split('.');

        await AssertRefusedAsync(keys, pool, $"{B64($$"""{"alg":"{{alg}}","kid":"{{kid}}"}""")}.{parts[1]}.{parts[2]}", "alg is not ES256 or RS256");
    }

    [Fact]
    public async Task A_kid_outside_the_pool_or_of_another_algorithm_is_refused()
    {
        var (keys, pool, token) = await SignedAsync();
        var parts = token.Split('.');
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var strangerInput = $"{B64("""{"alg":"ES256","kid":"not-a-wegate-key"}""")}.{parts[1]}";
        var strangerToken = strangerInput + "." + B64(stranger.SignData(Encoding.ASCII.GetBytes(strangerInput), HashAlgorithmName.SHA256));
        var rsKid = (string)(await keys.GetJwksAsync(pool))["keys"]!.AsArray().First(k => (string?)k!["alg"] == JwsAlgorithm.RS256)!["kid"]!;

        await AssertRefusedAsync(keys, pool, strangerToken, "kid names no published key");
        await AssertRefusedAsync(keys, pool, $"{B64($$"""{"alg":"ES256","kid":"{{rsKid}}"}""")}.{parts[1]}.{parts[2]}", "does not match its key, which is RS256");
        await AssertRefusedAsync(keys, pool, $"{B64("""{"alg":"ES256"}""")}.{parts[1]}.{parts[2]}", "no usable kid");
    }

    [Fact]
    public async Task Embedded_or_remote_keys_in_the_header_are_ignored()
    {
        var (keys, pool, token) = await SignedAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = attacker.ExportParameters(false).Q;
        var header = $$$"""{"alg":"ES256","kid":"attacker","jku":"https://evil.example/jwks","jwk":{"kty":"EC","crv":"P-256","x":"{{{B64(q.X!)}}}","y":"{{{B64(q.Y!)}}}"}}""";
        var input = $"{B64(header)}.{token.Split('.')[1]}";

        await AssertRefusedAsync(keys, pool, input + "." + B64(attacker.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256)), "kid names no published key");
    }

    [Fact]
    public async Task An_encrypted_five_part_token_is_refused_as_JWE()
    {
        var (keys, pool, token) = await SignedAsync();

        await AssertRefusedAsync(keys, pool, $"{B64("""{"alg":"RSA-OAEP","enc":"A256GCM"}""")}.AAAA.AAAA.AAAA.AAAA", "JWE");
        await AssertRefusedAsync(keys, pool, token + ".AAAA", "3 parts");
        await AssertRefusedAsync(keys, pool, token.Split('.')[0] + "." + token.Split('.')[1], "3 parts");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("abc", "3 parts")]
    [InlineData("..", "empty")]
    [InlineData("e30.e30.AA==", "base64url")]
    [InlineData("e30.e3 0.AAAA", "base64url")]
    [InlineData("e30.e30+.AAAA", "base64url")]
    [InlineData("e30.e30/.AAAA", "base64url")]
    [InlineData("e30.e30.A", "base64url")]
    [InlineData("e31.e30.AAAA", "header is not a JSON object")]
    [InlineData("W10.e30.AAAA", "header is not a JSON object")]
    [InlineData("bnVsbA.e30.AAAA", "header is not a JSON object")]
    [InlineData("e30.e30.AAAA", "no alg")]
    [InlineData("eyJhbGciOjF9.e30.AAAA", "no alg")]
    public async Task Garbage_is_refused_with_a_reason(string token, string reason)
    {
        var pool = await NewPoolAsync();

        await AssertRefusedAsync(Node(), pool, token, reason);
    }

    [Fact]
    public async Task An_oversized_token_is_refused_before_it_is_decoded()
    {
        var (keys, pool, token) = await SignedAsync();

        await AssertRefusedAsync(keys, pool, token + new string('A', 20_000), "longer than");
        await AssertRefusedAsync(keys, pool, $"{B64(new string(' ', 2000) + "{}")}.e30.AAAA", "header is too long");
    }

    [Fact]
    public async Task Duplicate_claims_and_crit_headers_are_refused_even_under_a_genuine_signature()
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        await keys.GetJwksAsync(pool);
        var kid = (string)Part(await keys.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, DateTimeOffset.UtcNow)), 0)["kid"]!;
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var header = $$"""{"alg":"ES256","kid":"{{kid}}"}""";

        var duplicateIss = await ForgeWithPoolKeyAsync(pool, JwsAlgorithm.ES256, header, $$"""{"iss":"https://evil.example","iss":"{{Issuer(pool)}}","exp":{{exp}}}""");
        var duplicateAlg = await ForgeWithPoolKeyAsync(pool, JwsAlgorithm.ES256, $$"""{"alg":"ES256","alg":"none","kid":"{{kid}}"}""", $$"""{"iss":"{{Issuer(pool)}}","exp":{{exp}}}""");
        var crit = await ForgeWithPoolKeyAsync(pool, JwsAlgorithm.ES256, $$"""{"alg":"ES256","kid":"{{kid}}","crit":["exp"],"exp":1}""", $$"""{"iss":"{{Issuer(pool)}}","exp":{{exp}}}""");
        var notAnObject = await ForgeWithPoolKeyAsync(pool, JwsAlgorithm.ES256, header, "[1,2]");
        var control = await ForgeWithPoolKeyAsync(pool, JwsAlgorithm.ES256, header, $$"""{"iss":"{{Issuer(pool)}}","exp":{{exp}}}""");

        await AssertRefusedAsync(keys, pool, duplicateIss, "payload is not a JSON object");
        await AssertRefusedAsync(keys, pool, duplicateAlg, "header is not a JSON object");
        await AssertRefusedAsync(keys, pool, crit, "crit");
        await AssertRefusedAsync(keys, pool, notAnObject, "payload is not a JSON object");
        Assert.True((await keys.ValidateAsync(pool, control, Issuer(pool), null)).Valid);
    }

    [Fact]
    public async Task Random_bytes_in_every_part_never_throw()
    {
        var (keys, pool, token) = await SignedAsync();
        var parts = token.Split('.');
        var random = new Random(20240611);
        var alphabet = "ABCxyz019-_.=+/ {}\"\0é";
        for (var i = 0; i < 500; i++)
        {
            var noise = i % 3 == 0
                ? new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())
                : B64(Enumerable.Range(0, random.Next(0, 120)).Select(_ => (byte)random.Next(256)).ToArray());
            var mutated = (i % 4) switch
            {
                0 => $"{noise}.{parts[1]}.{parts[2]}",
                1 => $"{parts[0]}.{noise}.{parts[2]}",
                2 => $"{parts[0]}.{parts[1]}.{noise}",
                _ => noise,
            };
            var check = await keys.ValidateAsync(pool, mutated, Issuer(pool), "JWT");
            Assert.False(check.Valid, mutated);
            Assert.False(string.IsNullOrEmpty(check.Error));
        }
    }
}
