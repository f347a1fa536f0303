using WeGate.Core.Applications;
using WeGate.Core.Keys;

namespace WeGate.Core.Tests;

public sealed class SigningKeyRuleTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    private static SigningKeyRecord Key(string state, DateTimeOffset? removeAfter = null) =>
        new("kid", "default", "ES256", state, "{}", null, Now.AddDays(-30), null, null, removeAfter);

    [Fact]
    public void Next_and_active_keys_are_published_and_a_retired_one_until_its_remove_after()
    {
        Assert.True(Key(SigningKeyState.Next).IsPublishedAt(Now));
        Assert.True(Key(SigningKeyState.Active).IsPublishedAt(Now));
        Assert.True(Key(SigningKeyState.Retired, removeAfter: Now.AddTicks(1)).IsPublishedAt(Now));
        Assert.False(Key(SigningKeyState.Retired, removeAfter: Now).IsPublishedAt(Now));
        Assert.False(Key(SigningKeyState.Retired).IsPublishedAt(Now));
        Assert.False(Key("revoked").IsPublishedAt(Now));
    }

    [Fact]
    public void The_jwks_lists_active_keys_first_then_next_then_retired()
    {
        string[] states = [SigningKeyState.Retired, SigningKeyState.Next, SigningKeyState.Active];
        Assert.Equal([SigningKeyState.Active, SigningKeyState.Next, SigningKeyState.Retired], states.OrderBy(SigningKeyState.PublishOrder));
    }

    [Fact]
    public void A_retired_key_stays_published_for_the_longest_token_it_may_have_signed_plus_the_cache_times()
    {
        TokenLifetimes[] lifetimes = [new(600, 3600, 86400), new(7200, 300, 86400), TokenLifetimes.Default];
        Assert.Equal(TimeSpan.FromSeconds(7200) + TimeSpan.FromMinutes(6), KeyRetention.For(lifetimes));
    }

    [Fact]
    public void A_pool_without_applications_keeps_a_retired_key_for_the_default_access_token_lifetime_plus_the_cache_times() =>
        Assert.Equal(TimeSpan.FromSeconds(TokenLifetimes.Default.AccessTokenSeconds) + TimeSpan.FromMinutes(6), KeyRetention.For([]));

    [Fact]
    public void A_pair_of_new_keys_shares_one_algorithm()
    {
        var es = new NewSigningKey("a", "ES256", [1], "{}");
        Assert.Throws<ArgumentException>(() => new NewSigningKeyPair(es, new NewSigningKey("b", "RS256", [2], "{}")));
        Assert.Equal("b", new NewSigningKeyPair(es, new NewSigningKey("b", "ES256", [2], "{}")).Next.Kid);
    }
}
