using WeGate.Core.Sessions;

namespace WeGate.Core.Tests;

public sealed class SessionRuleTests
{
    private static readonly DateTimeOffset SignedIn = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    private static readonly SsoSession Session = SsoSession.Start("hash", "default", "u1", "pwd", SignedIn, TimeSpan.FromHours(168));

    [Fact]
    public void A_session_starts_at_the_sign_in_and_expires_its_lifetime_later()
    {
        Assert.Equal(SignedIn, Session.AuthTime);
        Assert.Equal(SignedIn.AddDays(7), Session.ExpiresAt);
        Assert.False(Session.IsExpiredAt(SignedIn.AddDays(7).AddTicks(-1)));
        Assert.True(Session.IsExpiredAt(SignedIn.AddDays(7)));
    }

    [Theory]
    [InlineData(null, 86_400, true)]
    [InlineData(600, 600, true)]
    [InlineData(600, 601, false)]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    public void With_max_age_a_session_answers_only_while_its_sign_in_is_that_recent(int? maxAge, int secondsSinceSignIn, bool fresh) =>
        Assert.Equal(fresh, Session.IsFreshFor(maxAge, SignedIn.AddSeconds(secondsSinceSignIn)));
}
