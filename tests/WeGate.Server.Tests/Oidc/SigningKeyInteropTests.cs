using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Tests.Oidc;

// Independent checks with a library we did not write: Microsoft.IdentityModel.JsonWebTokens 8.
public abstract partial class SigningKeysContract
{
    [Theory]
    [InlineData(JwsAlgorithm.ES256)]
    [InlineData(JwsAlgorithm.RS256)]
    public async Task A_signed_token_validates_with_Microsoft_IdentityModel_against_the_published_jwks(string algorithm)
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        var token = await keys.SignAsync(pool, algorithm, "at+jwt", Claims(pool, DateTimeOffset.UtcNow));
        var jwks = new JsonWebKeySet((await keys.GetJwksAsync(pool)).ToJsonString());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer(pool),
            ValidAudience = "shop-web",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [algorithm],
            ValidTypes = ["at+jwt"],
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(algorithm, jwt.Alg);
        Assert.Equal("u_123", jwt.Subject);
        Assert.Contains(jwks.Keys, k => k.Kid == jwt.Kid);
    }

    [Theory]
    [InlineData(JwsAlgorithm.ES256)]
    [InlineData(JwsAlgorithm.RS256)]
    public async Task A_signed_token_has_the_documented_header_and_validates_here_too(string algorithm)
    {
        var pool = await NewPoolAsync();
        var keys = Node();

        var token = await keys.SignAsync(pool, algorithm, null, Claims(pool, DateTimeOffset.UtcNow));
        var check = await keys.ValidateAsync(pool, token, Issuer(pool), null);

        Assert.True(check.Valid, check.Error);
        Assert.Equal(["alg", "kid"], Part(token, 0).Select(p => p.Key));
        Assert.Equal(algorithm, (string?)check.Header!["alg"]);
        Assert.Equal("u_123", (string?)check.Payload!["sub"]);
        // ES256 signatures are r‖s, 64 bytes (RFC 7518 §3.4), not DER; RS256 ones are the modulus size.
        Assert.Equal(algorithm == JwsAlgorithm.ES256 ? 86 : 342, token.Split('.')[2].Length);
    }

    [Fact]
    public async Task The_jwks_publishes_an_active_and_a_next_key_per_algorithm_without_private_members()
    {
        var pool = await NewPoolAsync();

        var jwks = await Node().GetJwksAsync(pool);

        var keys = jwks["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();
        Assert.Equal(4, keys.Count);
        Assert.Equal(2, keys.Count(k => (string?)k["alg"] == JwsAlgorithm.ES256 && (string?)k["kty"] == "EC" && (string?)k["crv"] == "P-256"));
        Assert.Equal(2, keys.Count(k => (string?)k["alg"] == JwsAlgorithm.RS256 && (string?)k["kty"] == "RSA"));
        Assert.All(keys, k => Assert.Equal("sig", (string?)k["use"]));
        Assert.All(keys, k => Assert.DoesNotContain(k, m => m.Key is "d" or "p" or "q" or "dp" or "dq" or "qi"));
        Assert.Equal(4, keys.Select(k => (string?)k["kid"]).Distinct().Count());
    }

    [Fact]
    public async Task Each_kid_is_the_RFC_7638_thumbprint_of_its_key()
    {
        var pool = await NewPoolAsync();

        var jwks = new JsonWebKeySet((await Node().GetJwksAsync(pool)).ToJsonString());

        Assert.All(jwks.Keys, k => Assert.Equal(Base64UrlEncoder.Encode(k.ComputeJwkThumbprint()), k.Kid));
    }
}
