using WeGate.Core.Applications;
using WeGate.Core.Authorization;

namespace WeGate.Core.Tests;

public sealed class AuthorizationRuleTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    private static AuthorizationCode Code(DateTimeOffset expiresAt) =>
        new("hash", "default", "app", "u1", null, "https://app.example.com/cb", "openid", null, null, null, Now, "pwd", expiresAt);

    [Fact]
    public void A_code_is_expired_from_its_expiry_on()
    {
        Assert.False(Code(Now.AddTicks(1)).IsExpiredAt(Now));
        Assert.True(Code(Now).IsExpiredAt(Now));
        Assert.True(Code(Now.AddSeconds(-1)).IsExpiredAt(Now));
    }

    [Fact]
    public void A_code_redeemed_before_is_a_replay_naming_the_first_grant_and_any_other_refused_code_is_unknown()
    {
        Assert.Equal(new CodeRedemption.Replayed("g1"), CodeRedemption.Refused(Now.AddMinutes(-5), "g1"));
        Assert.IsType<CodeRedemption.Unknown>(CodeRedemption.Refused(null, null));
        // A redemption whose grant was never recorded is still a replay: refused, with nothing to revoke.
        Assert.Equal(new CodeRedemption.Replayed(null), CodeRedemption.Refused(Now, null));
    }

    [Fact]
    public void A_rotated_refresh_token_that_comes_back_is_reuse_of_its_family_and_any_other_refused_token_is_invalid()
    {
        Assert.Equal(new RefreshRotation.Reused("family"), RefreshRotation.Refused(Now.AddDays(-40), "family"));
        Assert.IsType<RefreshRotation.Invalid>(RefreshRotation.Refused(null, "family"));
    }

    [Fact]
    public void A_refresh_token_is_expired_from_its_expiry_on()
    {
        var token = new RefreshToken("h", "default", "g", "app", "u1", null, "openid", Now);
        Assert.False(token.IsExpiredAt(Now.AddTicks(-1)));
        Assert.True(token.IsExpiredAt(Now));
    }

    [Fact]
    public void A_refresh_token_slides_by_the_application_lifetime_but_never_past_the_end_of_its_grant()
    {
        var lifetimes = new TokenLifetimes(3600, 3600, RefreshTokenSeconds: 30 * 86400);
        Assert.Equal(Now.AddDays(30), RefreshToken.Expiry(Now, lifetimes, grantEnd: Now.AddDays(90)));
        Assert.Equal(Now.AddDays(10), RefreshToken.Expiry(Now, lifetimes, grantEnd: Now.AddDays(10)));
    }

    [Fact]
    public void A_grant_ends_at_the_application_absolute_lifetime_or_else_at_the_server_default()
    {
        var created = Now.AddDays(-1);
        Assert.Equal(created.AddDays(90), RefreshToken.GrantEnd(created, TokenLifetimes.Default, defaultAbsoluteSeconds: 90 * 86400));
        Assert.Equal(created.AddHours(1), RefreshToken.GrantEnd(created, TokenLifetimes.Default with { RefreshTokenAbsoluteSeconds = 3600 }, 90 * 86400));
    }

    [Theory]
    [InlineData("openid profile phone", "", "openid profile phone")]
    [InlineData("openid profile phone", "openid", "openid")]
    [InlineData("openid profile phone", "profile  openid profile", "profile openid")]
    [InlineData("openid profile", "openid email", null)]
    [InlineData("openid profile", "OPENID", null)]
    public void A_refresh_may_narrow_the_granted_scope_but_never_widen_it(string granted, string requested, string? narrowed) =>
        Assert.Equal(narrowed, RefreshToken.NarrowScope(granted, requested));
}
