using System.Net;
using WeGate.Core.Audit;
using WeGate.Core.Validation;
using WeGate.Core.Webhooks;

namespace WeGate.Core.Tests;

public sealed class WebhookTests
{
    // The test vector published with Standard Webhooks (its libraries' "sign function works" test).
    [Fact]
    public void Signatures_match_the_standard_webhooks_test_vector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes()
    {
        var (a, b) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(a[6..]).Length);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(1, 0.0, 4.5)]
    [InlineData(1, 1.0, 5.5)]
    [InlineData(2, 0.5, 300)]
    [InlineData(7, 0.0, 32400)]
    public void A_retry_waits_its_delay_give_or_take_a_tenth(int attempts, double random, double seconds) =>
        Assert.Equal(seconds, RetrySchedule.Default.After(attempts, random)!.Value.TotalSeconds, 3);

    [Fact]
    public void The_default_schedule_gives_up_after_eight_attempts_over_about_28_hours()
    {
        Assert.Equal(8, RetrySchedule.Default.MaxAttempts);
        Assert.Null(RetrySchedule.Default.After(8, 0.5));
        Assert.InRange(RetrySchedule.Default.Delays.Sum(d => d.TotalHours), 27, 28);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("203.0.113.7", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("2001:db8::1", false)]
    public void Private_addresses_are_recognised(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, WebhookRules.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void Development_allows_http_and_private_addresses_and_production_refuses_them()
    {
        var endpoint = new WebhookEndpoint { Id = "wh_x", Pool = "p", Url = "http://192.168.1.5:8080/hooks", EventTypes = [WebhookEvents.UserCreated] };
        var development = new ValidationErrors();
        WebhookRules.Validate(endpoint, new WebhookPolicy(RequireHttps: false, AllowPrivateNetworks: true), development);
        var production = new ValidationErrors();
        WebhookRules.Validate(endpoint, new WebhookPolicy(RequireHttps: true, AllowPrivateNetworks: false), production);

        Assert.True(development.IsEmpty);
        Assert.Equal(2, production.ToDictionary()["url"].Length);
    }

    [Fact]
    public void Only_user_events_are_reported_and_a_first_login_reports_created_before_signed_in()
    {
        Assert.Equal([WebhookEvents.UserCreated, WebhookEvents.UserSignedIn], WebhookEvents.Of(AuditEventType.LoginCreated));
        Assert.Empty(WebhookEvents.Of(AuditEventType.AdminWebhookCreated));
        Assert.Empty(WebhookEvents.Of(AuditEventType.AdminUserUpdated));
        Assert.All(WebhookEvents.All, type => Assert.Matches("^[a-z_]+\\.[a-z_]+$", type));
    }
}
