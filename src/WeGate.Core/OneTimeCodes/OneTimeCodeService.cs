using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WeGate.Core.OneTimeCodes;

// Six-digit codes sent by SMS or email to prove a phone number or an address (the proof step of "ask to
// bind", docs/accounts.md). A code is random, stored only as a keyed hash (CodeHasher), short-lived,
// bounded in verification attempts and single use; sending is rate-limited per recipient and per IP,
// and wrong codes are capped per recipient per day. Only the latest code sent to a recipient for a
// purpose verifies. Every limit and its default: docs/security.md#one-time-codes.
public sealed class OneTimeCodeService(
    IOneTimeCodeStore store, ICodeDispatcher dispatcher, OneTimeCodeSettings settings, CodeHasher hasher, TimeProvider clock)
{
    public const int CodeLength = 6;
    public const int MaxPurposeLength = 32;
    public const int MaxIpLength = 64;

    // Rows stay until housekeeping deletes them, a day after they expire (WeGate:Housekeeping), which
    // covers the hourly limits.
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    // pool: the pool the code is for; purpose: what it proves, e.g. "bind" (a code sent for one purpose
    // never verifies for another); ip: the address that asked, for the per-IP limit (null: not limited);
    // onlyIf: asked by the background sender just before sending (OutgoingCode). Sent means the code is
    // stored and on its way: the sender works after this answers, and a failure there is logged and
    // audited (code.not_sent), not answered.
    public async Task<CodeIssue> IssueAsync(string pool, CodeChannel channel, string recipient, string purpose, string? ip,
        Func<CancellationToken, Task<bool>>? onlyIf = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        CheckPurpose(purpose);
        if (CodeRecipients.Normalize(channel, recipient) is not { } to)
        {
            return new CodeIssue(CodeIssueStatus.InvalidRecipient, channel == CodeChannel.Sms
                ? "Not a phone number: give it in E.164 (+8613800138000) or as an 11-digit mainland mobile number."
                : "Not an email address.");
        }
        if (dispatcher.Unavailable(channel) is { } unavailable)
            return new CodeIssue(CodeIssueStatus.NotConfigured, unavailable) { Recipient = to };

        ip = string.IsNullOrWhiteSpace(ip) ? null : ip.Trim()[..Math.Min(ip.Trim().Length, MaxIpLength)];
        var now = clock.GetUtcNow();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = new IssuedCode(id, pool, channel, to, purpose, hasher.Hash(id, code),
            0, now + settings.Lifetime, null, now, ip);

        // Written before the limits are counted: of two racing requests, the one counting last sees
        // both, so a race can refuse both but never let both through.
        await store.CreateAsync(issued, ct);
        if (await LimitAsync(issued, now, ct) is { } limited)
        {
            // A refused code does not count against anyone's limits.
            await store.DeleteAsync(issued.Id, CancellationToken.None);
            return limited with { Recipient = to };
        }
        await dispatcher.DispatchAsync(new OutgoingCode(pool, channel, to, code, ip) { OnlyIf = onlyIf }, ct);
        return new CodeIssue(CodeIssueStatus.Sent, $"A code was sent; it is valid for {Describe(settings.Lifetime)}.")
        {
            Recipient = to,
            ExpiresAt = issued.ExpiresAt,
        };
    }

    // Succeeds once for the latest code sent to the recipient for this pool and purpose, if it has not
    // expired and has attempts left, and the recipient has not had FailuresPerRecipientPerDay wrong codes
    // in its day window. Every verification counts as an attempt of the code and, until it proves right,
    // as a failure of the recipient; racing verifications of the right code: one is Verified, the
    // others Used.
    public async Task<CodeCheck> VerifyAsync(string pool, CodeChannel channel, string recipient, string purpose, string code, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pool);
        CheckPurpose(purpose);
        if (CodeRecipients.Normalize(channel, recipient) is not { } to)
            return Check(CodeCheckStatus.NoCode, 0);
        var now = clock.GetUtcNow();
        if (await store.LockedUntilAsync(channel, to, settings.FailuresPerRecipientPerDay, now, ct) is { } until)
            return Locked(until - now);
        if (await store.FindLatestAsync(pool, channel, to, purpose, ct) is not { } latest)
            return Check(CodeCheckStatus.NoCode, 0);

        if (Refusal(latest, now) is { } refused)
            return refused;
        var entered = (code ?? "").Trim();
        // A typo of the wrong length or with letters costs no attempt: it cannot be a guess.
        if (entered.Length != CodeLength || !entered.All(char.IsAsciiDigit))
            return Check(CodeCheckStatus.Wrong, settings.MaxAttempts - latest.Attempts);

        if (await store.CountAttemptAsync(latest.Id, settings.MaxAttempts, now, ct) is not { } counted)
        {
            var after = await store.FindLatestAsync(pool, channel, to, purpose, ct);
            return after is null ? Check(CodeCheckStatus.NoCode, 0)
                : Refusal(after, now) ?? Check(CodeCheckStatus.TooManyAttempts, 0);
        }
        // Counted as a failure before the code is compared, and forgotten when it proves right: racing
        // guesses cannot get past the cap between a comparison and its count.
        if (!await store.CountFailureAsync(channel, to, settings.FailuresPerRecipientPerDay, Day, now, ct))
            return Locked((await store.LockedUntilAsync(channel, to, settings.FailuresPerRecipientPerDay, now, ct) ?? now + Day) - now);
        var left = settings.MaxAttempts - counted.Attempts;
        if (!hasher.Matches(counted.Id, entered, counted.CodeHash))
            return Check(CodeCheckStatus.Wrong, left);
        if (!await store.MarkUsedAsync(counted.Id, now, ct))
            return Check(CodeCheckStatus.Used, 0);
        await store.ClearFailuresAsync(channel, to, CancellationToken.None);
        return Check(CodeCheckStatus.Verified, left);
    }

    private async Task<CodeIssue?> LimitAsync(IssuedCode issued, DateTimeOffset now, CancellationToken ct)
    {
        // No code for a locked recipient would verify: sending one would only cost an SMS.
        if (await store.LockedUntilAsync(issued.Channel, issued.Recipient, settings.FailuresPerRecipientPerDay, now, ct) is { } until)
        {
            return Limited(until - now, $"{settings.FailuresPerRecipientPerDay} wrong codes were entered for this recipient today") with { Locked = true };
        }
        var toRecipient = await store.SentToSinceAsync(issued.Channel, issued.Recipient, now - Hour, issued.Id, ct);
        if (toRecipient.Count > 0 && toRecipient[^1] + TimeSpan.FromSeconds(settings.ResendSeconds) > now)
        {
            return Limited(toRecipient[^1] + TimeSpan.FromSeconds(settings.ResendSeconds) - now,
                $"A code was sent to this recipient less than {Describe(TimeSpan.FromSeconds(settings.ResendSeconds))} ago") with { TooSoon = true };
        }
        if (toRecipient.Count >= settings.PerRecipientPerHour)
        {
            return Limited(toRecipient[toRecipient.Count - settings.PerRecipientPerHour] + Hour - now,
                $"This recipient was sent {settings.PerRecipientPerHour} codes in the last hour");
        }
        if (issued.Ip is null)
            return null;
        var fromIp = await store.SentFromIpSinceAsync(issued.Ip, now - Hour, issued.Id, ct);
        return fromIp.Count >= settings.PerIpPerHour
            ? Limited(fromIp[fromIp.Count - settings.PerIpPerHour] + Hour - now, $"{settings.PerIpPerHour} codes were asked for from this IP address in the last hour")
            : null;
    }

    private static CodeIssue Limited(TimeSpan retryAfter, string why)
    {
        var wait = WholeSeconds(retryAfter);
        return new CodeIssue(CodeIssueStatus.RateLimited, $"{why}: try again in {Describe(wait)}.") { RetryAfter = wait };
    }

    private static CodeCheck Locked(TimeSpan retryAfter) => Check(CodeCheckStatus.Locked, 0) with { RetryAfter = WholeSeconds(retryAfter) };

    // Whole seconds, rounded up, so a client that waits exactly this long is not refused again.
    private static TimeSpan WholeSeconds(TimeSpan t) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(t.TotalSeconds)));

    private CodeCheck? Refusal(IssuedCode code, DateTimeOffset now) =>
        code.UsedAt is not null ? Check(CodeCheckStatus.Used, 0)
        : code.ExpiresAt <= now ? Check(CodeCheckStatus.Expired, 0)
        : code.Attempts >= settings.MaxAttempts ? Check(CodeCheckStatus.TooManyAttempts, 0)
        : null;

    private static CodeCheck Check(CodeCheckStatus status, int left) => new(status, Math.Max(0, left), status switch
    {
        CodeCheckStatus.Verified => "The code is right.",
        CodeCheckStatus.Wrong => left > 0 ? $"The code is wrong: {left} attempt(s) left." : "The code is wrong and has no attempts left: ask for a new code.",
        CodeCheckStatus.Expired => "The code has expired: ask for a new code.",
        CodeCheckStatus.TooManyAttempts => "The code was tried too many times: ask for a new code.",
        CodeCheckStatus.Used => "The code was used already: ask for a new code.",
        CodeCheckStatus.Locked => "Too many wrong codes were entered for this recipient: no code for it verifies until a day after the first of them.",
        _ => "No code was sent to this recipient: ask for a code first.",
    });

    private static void CheckPurpose(string purpose)
    {
        if (string.IsNullOrEmpty(purpose) || purpose.Length > MaxPurposeLength || !purpose.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"A code's purpose is 1 to {MaxPurposeLength} characters of a-z, 0-9, '-', '_' and '.', e.g. \"bind\"", nameof(purpose));
    }

    private static string Describe(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{(int)Math.Ceiling(t.TotalSeconds)} seconds" : $"{(int)Math.Ceiling(t.TotalMinutes)} minutes";
}
