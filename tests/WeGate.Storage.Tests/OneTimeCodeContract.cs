using Microsoft.Extensions.Time.Testing;
using WeGate.Core.OneTimeCodes;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private OneTimeCodeStore Codes => new(Db);

    private static IssuedCode NewCode(string pool, string recipient, DateTimeOffset created, string? ip = null, string purpose = "bind", TimeSpan? lifetime = null)
    {
        var id = Guid.NewGuid().ToString("N");
        return new(id, pool, CodeChannel.Sms, recipient, purpose, new CodeHasher(Protector).Hash(id, "123456"), 0,
            created + (lifetime ?? TimeSpan.FromMinutes(10)), null, created, ip);
    }

    private static string NewPhone() => "+86139" + Random.Shared.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_code_is_used_exactly_once_even_when_verifications_race()
    {
        var pool = await NewPoolAsync();
        var now = Clock.GetUtcNow();
        var code = NewCode(pool, NewPhone(), now);
        await Codes.CreateAsync(code);

        var uses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Codes.MarkUsedAsync(code.Id, now))));

        Assert.Single(uses, used => used);
        var stored = await Codes.FindLatestAsync(pool, CodeChannel.Sms, code.Recipient, "bind");
        Assert.Equal(Ms(now), Ms(stored!.UsedAt!.Value));
        Assert.Null(await Codes.CountAttemptAsync(code.Id, 5, now));
    }

    [Fact]
    public async Task Racing_attempts_never_count_past_the_limit_and_an_expired_code_takes_none()
    {
        var pool = await NewPoolAsync();
        var now = Clock.GetUtcNow();
        var code = NewCode(pool, NewPhone(), now);
        await Codes.CreateAsync(code);

        var counted = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Codes.CountAttemptAsync(code.Id, 5, now))));

        Assert.Equal([1, 2, 3, 4, 5], counted.Where(c => c is not null).Select(c => c!.Attempts).Order());
        Assert.Equal(5, (await Codes.FindLatestAsync(pool, CodeChannel.Sms, code.Recipient, "bind"))!.Attempts);

        var old = NewCode(pool, NewPhone(), now.AddMinutes(-11));
        await Codes.CreateAsync(old);
        Assert.Null(await Codes.CountAttemptAsync(old.Id, 5, now));
        Assert.False(await Codes.MarkUsedAsync(old.Id, now));
        Assert.NotNull(await Codes.CountAttemptAsync(old.Id, 5, now.AddMinutes(-5)));
    }

    [Fact]
    public async Task The_latest_code_is_found_per_pool_purpose_and_recipient()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var now = Clock.GetUtcNow();
        var phone = NewPhone();
        var first = NewCode(pool, phone, now.AddMinutes(-2));
        var second = NewCode(pool, phone, now.AddMinutes(-1));
        await Codes.CreateAsync(first);
        await Codes.CreateAsync(second);
        await Codes.CreateAsync(NewCode(pool, phone, now, purpose: "other"));
        await Codes.CreateAsync(NewCode(other, phone, now));

        Assert.Equal(second.Id, (await Codes.FindLatestAsync(pool, CodeChannel.Sms, phone, "bind"))!.Id);
        Assert.Null(await Codes.FindLatestAsync(pool, CodeChannel.Email, phone, "bind"));
        Assert.Null(await Codes.FindLatestAsync(pool, CodeChannel.Sms, NewPhone(), "bind"));
    }

    [Fact]
    public async Task Rate_limit_counts_see_codes_to_a_recipient_in_every_pool_and_from_an_ip_within_the_window()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var now = Clock.GetUtcNow();
        var phone = NewPhone();
        var ip = "198.51.100." + Random.Shared.Next(1, 255).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var codes = new[]
        {
            NewCode(pool, phone, now.AddMinutes(-90), ip),
            NewCode(pool, phone, now.AddMinutes(-30), ip),
            NewCode(other, phone, now.AddMinutes(-10), ip),
            NewCode(pool, NewPhone(), now.AddMinutes(-5), ip),
            NewCode(pool, phone, now, ip),
        };
        foreach (var code in codes)
            await Codes.CreateAsync(code);

        var toPhone = await Codes.SentToSinceAsync(CodeChannel.Sms, phone, now.AddHours(-1), codes[^1].Id);
        Assert.Equal([Ms(now.AddMinutes(-30)), Ms(now.AddMinutes(-10))], toPhone.Select(Ms));
        Assert.Empty(await Codes.SentToSinceAsync(CodeChannel.Email, phone, now.AddHours(-1), ""));
        var fromIp = await Codes.SentFromIpSinceAsync(ip, now.AddHours(-1), "");
        Assert.Equal(4, fromIp.Count);
        Assert.True(fromIp.SequenceEqual(fromIp.Order()));

        await Codes.DeleteAsync(codes[^1].Id);
        Assert.Equal(3, (await Codes.SentFromIpSinceAsync(ip, now.AddHours(-1), "")).Count);
        Assert.Equal(4, (await Codes.SentFromIpSinceAsync(ip, now.AddHours(-2), "")).Count);
    }

    [Fact]
    public async Task The_service_sends_a_code_that_verifies_once_within_its_lifetime_and_attempts()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var sent = new Outbox();
        var service = new OneTimeCodeService(Codes, sent, new OneTimeCodeSettings(), new CodeHasher(Protector), clock);
        var phone = NewPhone();

        var issue = await service.IssueAsync(pool, CodeChannel.Sms, phone[3..], "bind", null);
        Assert.True(issue.Sent, issue.Message);
        Assert.Equal((phone, clock.GetUtcNow().AddMinutes(10)), (issue.Recipient, issue.ExpiresAt));
        var code = sent.CodeTo(phone);
        Assert.DoesNotContain(code, (await Codes.FindLatestAsync(pool, CodeChannel.Sms, phone, "bind"))!.CodeHash, StringComparison.Ordinal);

        Assert.Equal(CodeCheckStatus.NoCode, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "other", code)).Status);
        Assert.Equal((CodeCheckStatus.Wrong, 5), Status(await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", "12345x")));
        Assert.Equal((CodeCheckStatus.Wrong, 4), Status(await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", Wrong(code))));
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", code))));
        Assert.Single(racing, check => check.Verified);
        Assert.Equal(CodeCheckStatus.Used, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", code)).Status);

        // A new code, after the resend wait: wrong five times, then even the right one is refused.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null)).Sent);
        code = sent.CodeTo(phone);
        for (var i = 0; i < 5; i++)
            await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", Wrong(code));
        Assert.Equal(CodeCheckStatus.TooManyAttempts, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", code)).Status);

        // And one left to expire.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null)).Sent);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(CodeCheckStatus.Expired, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", sent.CodeTo(phone))).Status);
    }

    [Fact]
    public async Task The_service_limits_codes_per_recipient_and_per_ip_and_says_when_to_retry()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var sent = new Outbox();
        var service = new OneTimeCodeService(Codes, sent, new OneTimeCodeSettings { PerRecipientPerHour = 3, PerIpPerHour = 5 }, new CodeHasher(Protector), clock);
        var address = $"Mei.{Guid.NewGuid():N}@Example.com";
        var ip = "2001:db8::" + Guid.NewGuid().ToString("N")[..4];

        Assert.True((await service.IssueAsync(pool, CodeChannel.Email, address, "bind", ip)).Sent);
        clock.Advance(TimeSpan.FromSeconds(20));
        var tooSoon = await service.IssueAsync(pool, CodeChannel.Email, address, "bind", ip);
        Assert.Equal((CodeIssueStatus.RateLimited, TimeSpan.FromSeconds(40)), (tooSoon.Status, tooSoon.RetryAfter));
        Assert.Contains("try again in 40 seconds", tooSoon.Message, StringComparison.Ordinal);
        Assert.Single(sent.Messages);

        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True((await service.IssueAsync(pool, CodeChannel.Email, address.ToUpperInvariant(), "bind", ip)).Sent);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await service.IssueAsync(pool, CodeChannel.Email, address, "bind", ip)).Sent);
        clock.Advance(TimeSpan.FromMinutes(1));
        var hourly = await service.IssueAsync(pool, CodeChannel.Email, address, "bind", ip);
        Assert.Equal((CodeIssueStatus.RateLimited, TimeSpan.FromMinutes(57)), (hourly.Status, hourly.RetryAfter));

        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, NewPhone(), "bind", ip)).Sent);
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, NewPhone(), "bind", ip)).Sent);
        var fromIp = await service.IssueAsync(pool, CodeChannel.Sms, NewPhone(), "bind", ip);
        Assert.Equal(CodeIssueStatus.RateLimited, fromIp.Status);
        Assert.Contains("from this IP address", fromIp.Message, StringComparison.Ordinal);
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, NewPhone(), "bind", ip + "1")).Sent);

        Assert.Equal(CodeIssueStatus.InvalidRecipient, (await service.IssueAsync(pool, CodeChannel.Email, "not an address", "bind", ip)).Status);
        Assert.Equal(CodeIssueStatus.InvalidRecipient, (await service.IssueAsync(pool, CodeChannel.Sms, address, "bind", ip)).Status);
    }

    [Fact]
    public async Task A_channel_with_nothing_to_deliver_refuses_codes_with_what_to_configure_and_stores_none()
    {
        var pool = await NewPoolAsync();
        var sent = new Outbox { Unconfigured = "No SMS provider is configured." };
        var service = new OneTimeCodeService(Codes, sent, new OneTimeCodeSettings(), new CodeHasher(Protector), Clock);
        var phone = NewPhone();

        var refused = await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null);

        Assert.Equal((CodeIssueStatus.NotConfigured, "No SMS provider is configured."), (refused.Status, refused.Message));
        Assert.Null(await Codes.FindLatestAsync(pool, CodeChannel.Sms, phone, "bind"));
        sent.Unconfigured = null;
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null)).Sent);
    }

    [Fact]
    public async Task Failures_per_recipient_stop_at_the_cap_even_when_racing_and_start_again_after_the_window()
    {
        var now = Clock.GetUtcNow();
        var phone = NewPhone();
        var day = TimeSpan.FromDays(1);

        var counted = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Codes.CountFailureAsync(CodeChannel.Sms, phone, 10, day, now))));

        Assert.Equal(10, counted.Count(c => c));
        Assert.Equal(Ms(now + day), Ms((await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 10, now.AddHours(23)))!.Value));
        Assert.Null(await Codes.LockedUntilAsync(CodeChannel.Email, phone, 10, now));
        Assert.Null(await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 11, now));
        Assert.Null(await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 10, now + day));
        // A new window opens with the first failure after the old one ends.
        Assert.True(await Codes.CountFailureAsync(CodeChannel.Sms, phone, 1, day, now + day));
        Assert.False(await Codes.CountFailureAsync(CodeChannel.Sms, phone, 1, day, now + day + TimeSpan.FromHours(1)));
        Assert.Equal(Ms(now + day + day), Ms((await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 1, now + day))!.Value));

        await Codes.ClearFailuresAsync(CodeChannel.Sms, phone);
        Assert.Null(await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 1, now + day));
    }

    [Fact]
    public async Task Wrong_codes_are_capped_per_recipient_across_codes_and_pools_until_the_day_has_passed()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var sent = new Outbox();
        var service = new OneTimeCodeService(Codes, sent, new OneTimeCodeSettings { FailuresPerRecipientPerDay = 4, MaxAttempts = 3, ResendSeconds = 0 }, new CodeHasher(Protector), clock);
        var phone = NewPhone();

        // Three wrong codes use up the first code's attempts; a fourth, against a code in another pool, reaches the cap.
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null)).Sent);
        for (var i = 0; i < 3; i++)
            Assert.Equal(CodeCheckStatus.Wrong, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", Wrong(sent.CodeTo(phone)))).Status);
        Assert.True((await service.IssueAsync(other, CodeChannel.Sms, phone, "bind", null)).Sent);
        Assert.Equal(CodeCheckStatus.Wrong, (await service.VerifyAsync(other, CodeChannel.Sms, phone, "bind", Wrong(sent.CodeTo(phone)))).Status);

        // Now even the right code is refused, and no new code is sent, until a day after the first failure.
        clock.Advance(TimeSpan.FromHours(1));
        var locked = await service.VerifyAsync(other, CodeChannel.Sms, phone, "bind", sent.CodeTo(phone));
        Assert.Equal((CodeCheckStatus.Locked, TimeSpan.FromHours(23)), (locked.Status, locked.RetryAfter));
        var refused = await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null);
        Assert.Equal((CodeIssueStatus.RateLimited, true, TimeSpan.FromHours(23)), (refused.Status, refused.Locked, refused.RetryAfter));
        Assert.Equal(2, sent.Messages.Count);

        clock.Advance(TimeSpan.FromHours(23));
        Assert.True((await service.IssueAsync(pool, CodeChannel.Sms, phone, "bind", null)).Sent);
        Assert.Equal(CodeCheckStatus.Wrong, (await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", Wrong(sent.CodeTo(phone)))).Status);
        Assert.True((await service.VerifyAsync(pool, CodeChannel.Sms, phone, "bind", sent.CodeTo(phone))).Verified);
        // The right code clears the count: the holder of the number is not held to earlier guesses.
        Assert.Null(await Codes.LockedUntilAsync(CodeChannel.Sms, phone, 1, clock.GetUtcNow()));
    }

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static (CodeCheckStatus, int) Status(CodeCheck check) => (check.Status, check.AttemptsLeft);

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    // The senders and, in place of the server's queue, a dispatcher that sends at once.
    private sealed class Outbox : ISmsSender, IEmailSender, ICodeDispatcher
    {
        private readonly CodeDelivery _delivery;

        public Outbox() => _delivery = new CodeDelivery(this, this, new OneTimeCodeSettings());

        public List<(string To, string Text)> Messages { get; } = [];

        public string? Unconfigured { get; set; }

        public string? Unavailable(CodeChannel channel) => Unconfigured;

        public async ValueTask DispatchAsync(OutgoingCode code, CancellationToken ct = default)
        {
            if (code.OnlyIf is null || await code.OnlyIf(ct))
                await _delivery.SendAsync(code, ct);
        }

        public Task SendAsync(string phoneE164, string message, CancellationToken ct = default) => Add(phoneE164, message);

        public Task SendAsync(string address, string subject, string body, CancellationToken ct = default) => Add(address, subject + "\n" + body);

        public string CodeTo(string to) => System.Text.RegularExpressions.Regex.Match(Messages.Last(m => m.To == to).Text, @"\b\d{6}\b").Value;

        private Task Add(string to, string text)
        {
            lock (Messages)
                Messages.Add((to, text));
            return Task.CompletedTask;
        }
    }
}
