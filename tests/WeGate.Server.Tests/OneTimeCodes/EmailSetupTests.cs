using System.Text.RegularExpressions;
using WeGate.Core.OneTimeCodes;
using WeGate.Server.Hosting;
using WeGate.Testing;

namespace WeGate.Server.Tests.OneTimeCodes;

// Outside Development: email codes go over SMTP when it is configured; otherwise, and for SMS (no
// provider ships yet), issuing a code fails with the settings to set.
public sealed class EmailSetupTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public async Task Without_smtp_or_the_sandbox_email_and_sms_codes_are_refused_with_what_to_configure()
    {
        await using var server = await TestServer.StartAsync(db);
        var codes = server.Service<OneTimeCodeService>();

        var email = await codes.IssueAsync("default", CodeChannel.Email, "mei@example.com", "bind", "192.0.2.1");
        Assert.Equal(CodeIssueStatus.NotConfigured, email.Status);
        Assert.Contains("WeGate:Email:Smtp:Host", email.Message, StringComparison.Ordinal);
        var sms = await codes.IssueAsync("default", CodeChannel.Sms, "13800138000", "bind", "192.0.2.1");
        Assert.Equal(CodeIssueStatus.NotConfigured, sms.Status);
        Assert.Contains("No SMS provider is configured", sms.Message, StringComparison.Ordinal);
        Assert.Equal(CodeCheckStatus.NoCode, (await codes.VerifyAsync("default", CodeChannel.Email, "mei@example.com", "bind", "123456")).Status);
    }

    [Fact]
    public async Task With_smtp_configured_the_email_code_reaches_the_smtp_server()
    {
        await using var smtp = new FakeSmtpServer();
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Email:Smtp:Host"] = "127.0.0.1",
            ["WeGate:Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeGate:Email:Smtp:UseTls"] = "false",
            ["WeGate:Email:Smtp:From"] = "WeGate <no-reply@example.com>",
        });
        var codes = server.Service<OneTimeCodeService>();
        var address = $"mei.{Guid.NewGuid():N}@example.com";

        var issue = await codes.IssueAsync("default", CodeChannel.Email, address, "bind", "192.0.2.2");

        Assert.True(issue.Sent, issue.Message);
        // The code leaves from the background sender, after IssueAsync answered.
        await smtp.ReceivedAsync(1);
        var (from, to, data) = Assert.Single(smtp.Received);
        Assert.Contains("no-reply@example.com", from, StringComparison.Ordinal);
        Assert.Contains(address, to, StringComparison.Ordinal);
        var code = Regex.Match(FakeSmtpServer.Body(data), @"verification code is (\d{6})").Groups[1].Value;
        Assert.True((await codes.VerifyAsync("default", CodeChannel.Email, address, "bind", code)).Verified);
    }

    [Theory]
    [InlineData("WeGate:Email:Smtp:Host", "smtp.example.com", "WeGate:Email:Smtp:From")]
    [InlineData("WeGate:OneTimeCodes:LifetimeSeconds", "5", "WeGate:OneTimeCodes:LifetimeSeconds must be between 60 and 3600")]
    [InlineData("WeGate:OneTimeCodes:MaxAttempts", "many", "'many' at 'WeGate:OneTimeCodes:MaxAttempts'")]
    public void Invalid_code_or_email_settings_stop_the_start_with_the_setting_named(string key, string value, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => WeGateApp.Build(["--environment", "Production"],
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })));
        Assert.Contains(expected, StartupFailure.Describe(e), StringComparison.Ordinal);
    }
}
