using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using WeGate.Core.OneTimeCodes;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Outbox;
using WeGate.Testing;

namespace WeGate.Server.Tests.OneTimeCodes;

// One-time codes in Development: the service the binding page calls sends through the sandbox's outbox,
// where the control API (and the virtual phone) find the codes.
public abstract class OneTimeCodeContract(TestDatabase db, Func<TestServer> server)
{
    private TestServer Server
    {
        get
        {
            _ = db.Database;
            return server();
        }
    }

    private OneTimeCodeService Codes => Server.Service<OneTimeCodeService>();

    private SandboxControlClient Sandbox => new(Server.Http, new Uri(Server.Http.BaseAddress!, "/sandbox/"));

    private static string NewPhone() => "137" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    private static string NewIp() => "203.0.113." + Random.Shared.Next(1, 255).ToString(CultureInfo.InvariantCulture) + "/" + Guid.NewGuid().ToString("N")[..8];

    // The messages to `to`, once the background sender has delivered the first.
    private Task<IReadOnlyList<OutboxMessage>> DeliveredAsync(string to) =>
        Poll.UntilAsync(() => Sandbox.OutboxAsync(to), messages => messages.Count > 0, TimeSpan.FromSeconds(5));

    private async Task<string> CodeInOutboxAsync(string to)
    {
        var message = (await DeliveredAsync(to))[^1];
        return Regex.Match(message.Body, @"\b\d{6}\b").Value;
    }

    [Fact]
    public async Task An_sms_code_and_an_email_code_arrive_in_the_sandbox_outbox_and_each_verifies_exactly_once()
    {
        var phone = NewPhone();
        var sms = await Codes.IssueAsync("default", CodeChannel.Sms, phone, "bind", NewIp());
        Assert.True(sms.Sent, sms.Message);
        Assert.Equal("+86" + phone, sms.Recipient);
        var address = $"mei.{Guid.NewGuid():N}@example.com";
        var email = await Codes.IssueAsync("default", CodeChannel.Email, address.ToUpperInvariant(), "bind", NewIp());
        Assert.True(email.Sent, email.Message);

        var smsCode = await CodeInOutboxAsync("+86" + phone);
        var mail = Assert.Single(await DeliveredAsync(address));
        Assert.Equal(("email", address), (mail.Channel, mail.To));
        Assert.Contains("验证码", mail.Subject, StringComparison.Ordinal);
        var emailCode = await CodeInOutboxAsync(address);

        Assert.Equal(CodeCheckStatus.Wrong, (await Codes.VerifyAsync("default", CodeChannel.Sms, phone, "bind", emailCode == smsCode ? "000000" : emailCode)).Status);
        Assert.True((await Codes.VerifyAsync("default", CodeChannel.Sms, "+86 " + phone, "bind", smsCode)).Verified);
        Assert.Equal(CodeCheckStatus.Used, (await Codes.VerifyAsync("default", CodeChannel.Sms, phone, "bind", smsCode)).Status);
        Assert.True((await Codes.VerifyAsync("default", CodeChannel.Email, address, "bind", emailCode)).Verified);
        Assert.False((await Codes.VerifyAsync("default", CodeChannel.Email, address, "bind", emailCode)).Verified);

        await Sandbox.ClearOutboxAsync(address);
        Assert.Empty(await Sandbox.OutboxAsync(address));
    }

    [Fact]
    public async Task A_second_code_to_the_same_phone_within_a_minute_and_a_21st_code_from_one_ip_in_an_hour_are_refused()
    {
        var phone = NewPhone();
        Assert.True((await Codes.IssueAsync("default", CodeChannel.Sms, phone, "bind", NewIp())).Sent);
        var again = await Codes.IssueAsync("default", CodeChannel.Sms, phone, "bind", NewIp());
        Assert.Equal(CodeIssueStatus.RateLimited, again.Status);
        Assert.InRange(again.RetryAfter!.Value.TotalSeconds, 50, 60);
        Assert.Contains("try again in", again.Message, StringComparison.Ordinal);
        Assert.Single(await DeliveredAsync("+86" + phone));

        var ip = NewIp();
        for (var i = 0; i < 20; i++)
            Assert.True((await Codes.IssueAsync("default", CodeChannel.Sms, NewPhone(), "bind", ip)).Sent);
        var fromIp = await Codes.IssueAsync("default", CodeChannel.Email, $"x{Guid.NewGuid():N}@example.com", "bind", ip);
        Assert.Equal(CodeIssueStatus.RateLimited, fromIp.Status);
        Assert.InRange(fromIp.RetryAfter!.Value.TotalMinutes, 55, 60);
    }

    [Fact]
    public async Task The_outbox_control_api_answers_json_for_a_recipient_with_nothing_sent()
    {
        using var response = await Server.Http.GetAsync("/sandbox/control/outbox?to=%2B8610000000000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteOneTimeCodeTests(SqliteSandboxServer f) : OneTimeCodeContract(f.Db, () => f.Server), IClassFixture<SqliteSandboxServer>;

public sealed class PostgresOneTimeCodeTests(PostgresSandboxServer f) : OneTimeCodeContract(f.Db, () => f.Server), IClassFixture<PostgresSandboxServer>;
