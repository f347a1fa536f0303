using Microsoft.Extensions.Time.Testing;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Tests.Oidc;

// iss, exp, nbf and typ, with the 60 s clock skew, on a clock the test moves.
public abstract partial class SigningKeysContract
{
    [Fact]
    public async Task A_token_is_accepted_until_sixty_seconds_after_exp_and_refused_after()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Start);
        var keys = Node(clock);
        var token = await keys.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, Start, TimeSpan.FromMinutes(5)));

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(59));
        Assert.True((await keys.ValidateAsync(pool, token, Issuer(pool), null)).Valid);
        clock.Advance(TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(keys, pool, token, "has expired");
    }

    [Fact]
    public async Task A_token_is_refused_more_than_sixty_seconds_before_nbf()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Start);
        var keys = Node(clock);
        var token = await keys.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, Start, TimeSpan.FromMinutes(5), new { nbf = Start.AddSeconds(61).ToUnixTimeSeconds() }));

        await AssertRefusedAsync(keys, pool, token, "not valid yet");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await keys.ValidateAsync(pool, token, Issuer(pool), null)).Valid);
    }

    [Theory]
    [InlineData("""{"iss":"{iss}","exp":"1900000300"}""", "exp is not a number")]
    [InlineData("""{"iss":"{iss}","exp":null}""", "exp is not a number")]
    [InlineData("""{"iss":"{iss}","exp":1e400}""", "exp is not a number")]
    [InlineData("""{"iss":"{iss}","exp":1900000300,"nbf":"soon"}""", "nbf is not a number")]
    [InlineData("""{"iss":["{iss}"],"exp":1900000300}""", "iss is not this issuer")]
    [InlineData("""{"exp":1900000300}""", "iss is not this issuer")]
    public async Task Claims_of_the_wrong_type_are_refused(string claims, string reason)
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Start);
        var keys = Node(clock);

        var token = await keys.SignAsync(pool, JwsAlgorithm.ES256, null, System.Text.Encoding.UTF8.GetBytes(claims.Replace("{iss}", Issuer(pool), StringComparison.Ordinal)));

        await AssertRefusedAsync(keys, pool, token, reason);
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        var pool = await NewPoolAsync();
        var keys = Node();

        var token = await keys.SignAsync(pool, JwsAlgorithm.ES256, null, System.Text.Encoding.UTF8.GetBytes($$"""{"iss":"{{Issuer(pool)}}","sub":"u_1"}"""));

        await AssertRefusedAsync(keys, pool, token, "has no exp");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        var token = await keys.SignAsync(pool, JwsAlgorithm.RS256, null, Claims(pool, DateTimeOffset.UtcNow));

        var check = await keys.ValidateAsync(pool, token, Issuer(pool) + "/other", null);

        Assert.False(check.Valid);
        Assert.Contains("iss is not this issuer", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("at+jwt", "at+jwt", true)]
    [InlineData("at+jwt", "application/at+jwt", true)]
    [InlineData("application/at+jwt", "at+jwt", true)]
    [InlineData("AT+JWT", "at+jwt", true)]
    [InlineData("JWT", "at+jwt", false)]
    [InlineData(null, "at+jwt", false)]
    [InlineData("logout+jwt", "JWT", false)]
    [InlineData("JWT", null, true)]
    [InlineData(null, null, true)]
    public async Task Typ_is_compared_without_case_and_with_application_prefix_optional(string? signedTyp, string? expectedTyp, bool valid)
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        var token = await keys.SignAsync(pool, JwsAlgorithm.ES256, signedTyp, Claims(pool, DateTimeOffset.UtcNow));

        var check = await keys.ValidateAsync(pool, token, Issuer(pool), expectedTyp);

        Assert.Equal(valid, check.Valid);
        if (!valid)
            Assert.Contains($"typ is not {expectedTyp}", check.Error, StringComparison.Ordinal);
    }
}
