using WeGate.Core.OneTimeCodes;
using WeGate.Core.Users;

namespace WeGate.Server.Interaction.Accounts;

// A one-time code sent by SMS or email to the phone or address of an existing account, proving the
// person holds it: to link a WeChat user to that account (ask to bind, docs/accounts.md) or to sign in
// to it (the login page's code method, docs/logins.md#the-login-page). The page must not tell who has an account, by its words, its limits or
// its timing (docs/security.md#one-time-codes): every recipient gets the same code issued, stored and
// counted against the same limits, and whether an account uses the recipient is asked only by the
// background sender, which sends to nobody else.
internal sealed class CodeProof(OneTimeCodeService codes, IUserStore users)
{
    public const string Bind = "bind";
    public const string SignIn = "login";

    public static (CodeChannel Channel, string? Recipient) Parse(string input)
    {
        var channel = input.Contains('@', StringComparison.Ordinal) ? CodeChannel.Email : CodeChannel.Sms;
        return (channel, CodeRecipients.Normalize(channel, input));
    }

    // Ok when the code is on its way, and when a code went to the recipient within the resend interval
    // (that one is still valid): both read the same. Otherwise how long to wait (the hourly limits), and
    // whether because of too many wrong codes.
    public async Task<(bool Ok, TimeSpan? RetryAfter, bool Locked)> SendAsync(string pool, CodeChannel channel, string recipient, string purpose, string? ip, CancellationToken ct)
    {
        var issue = await codes.IssueAsync(pool, channel, recipient, purpose, ip, onlyIf: c => HasOwnerAsync(pool, channel, recipient, c), ct: ct);
        return issue.Status switch
        {
            CodeIssueStatus.Sent => (true, null, false),
            CodeIssueStatus.RateLimited when issue.TooSoon => (true, null, false),
            CodeIssueStatus.RateLimited => (false, issue.RetryAfter, issue.Locked),
            _ => throw new InvalidOperationException(issue.Message),
        };
    }

    // The account the code proves, or null, with how long the recipient stays locked when it has had too
    // many wrong codes. The code also proves the person holds the phone number or address, so the
    // account's identity for it becomes verified.
    public async Task<(User? Owner, TimeSpan? LockedFor)> VerifyAsync(string pool, CodeChannel channel, string recipient, string purpose, string code, CancellationToken ct)
    {
        var check = await codes.VerifyAsync(pool, channel, recipient, purpose, code, ct);
        if (check.Status == CodeCheckStatus.Locked)
            return (null, check.RetryAfter);
        if (!check.Verified || await OwnerAsync(pool, channel, recipient, ct) is not { } owner)
            return (null, null);
        await users.MarkIdentityVerifiedAsync(pool, owner.Id, KindOf(channel), recipient, ct);
        return (owner, null);
    }

    // Too many wrong codes for the recipient, known or not: the same words either way.
    public static string LockedMessage(Pages.TextSection t, TimeSpan? retryAfter) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, t["code_locked"], (int)Math.Ceiling((retryAfter ?? TimeSpan.FromDays(1)).TotalHours));

    private static string KindOf(CodeChannel channel) => channel == CodeChannel.Email ? IdentityKind.Email : IdentityKind.Phone;

    private async Task<bool> HasOwnerAsync(string pool, CodeChannel channel, string recipient, CancellationToken ct) =>
        await OwnerAsync(pool, channel, recipient, ct) is not null;

    private Task<User?> OwnerAsync(string pool, CodeChannel channel, string recipient, CancellationToken ct) =>
        users.FindByIdentityAsync(pool, KindOf(channel), recipient, ct);
}
