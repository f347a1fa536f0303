using WeGate.Core.Users;

namespace WeGate.Core.Tests;

// docs/security.md#password-sign-in: 5 free failures, then 30 s doubling up to 15 min, forgotten after 24 h.
public sealed class LoginThrottleTests
{
    private static readonly LoginThrottlePolicy Policy = LoginThrottlePolicy.Default;

    [Fact]
    public void The_default_policy_is_the_documented_one()
    {
        Assert.Equal(5, Policy.FreeFailures);
        Assert.Equal(TimeSpan.FromSeconds(30), Policy.FirstWait);
        Assert.Equal(TimeSpan.FromMinutes(15), Policy.LongestWait);
        Assert.Equal(TimeSpan.FromHours(24), Policy.ForgetAfter);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(4, null)]
    [InlineData(5, 30)]
    [InlineData(6, 60)]
    [InlineData(7, 120)]
    [InlineData(9, 480)]
    [InlineData(10, 900)]   // 960 s capped at 15 min
    [InlineData(35, 900)]
    [InlineData(int.MaxValue, 900)]
    public void The_first_failures_are_free_then_the_wait_doubles_up_to_the_longest(int failures, int? waitSeconds) =>
        Assert.Equal(waitSeconds is { } s ? TimeSpan.FromSeconds(s) : null, Policy.WaitAfter(failures));

    [Fact]
    public void A_configured_policy_counts_from_its_own_free_failures()
    {
        var strict = new LoginThrottlePolicy(1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25), TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromSeconds(10), strict.WaitAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), strict.WaitAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(25), strict.WaitAfter(3));
    }

    [Fact]
    public void A_login_waits_until_its_retry_time_and_not_from_then_on()
    {
        var retryAt = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var throttle = new LoginThrottle(6, retryAt);
        Assert.True(throttle.IsWaitingAt(retryAt.AddTicks(-1)));
        Assert.False(throttle.IsWaitingAt(retryAt));
    }
}
