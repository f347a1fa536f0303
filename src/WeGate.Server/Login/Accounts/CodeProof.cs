using WeGate.Core.OneTimeCodes;
using WeGate.Core.Users;

namespace WeGate.Server.Login.Accounts;

// Ask to bind, proven with a one-time code (issue 6 §3): sent by SMS or email to the phone or address of
// an existing account. The page answers the same whether or not an account uses it, so it cannot be
// used to find out who has an account; a code is only sent when one does.
internal sealed class CodeProof(OneTimeCodeService codes, IUserStore users)
{
    public const string Purpose = "bind";

    public static (CodeChannel Channel, string? Recipient) Parse(string input)
    {
        var channel = input.Contains('@', StringComparison.Ordinal) ? CodeChannel.Email : CodeChannel.Sms;
        return (channel, CodeRecipients.Normalize(channel, input));
    }

    // Ok when sent, when silently not sent because nobody uses the recipient, and when a code went to the
    // recipient within the resend interval (that one is still valid): all three read the same, so the
    // page cannot tell who has an account. Otherwise how long to wait (the hourly limits).
    public async Task<(bool Ok, TimeSpan? RetryAfter)> SendAsync(string pool, CodeChannel channel, string recipient, string? ip, CancellationToken ct)
    {
        if (await OwnerAsync(pool, channel, recipient, ct) is null)
            return (true, null);
        var issue = await codes.IssueAsync(pool, channel, recipient, Purpose, ip, ct);
        return issue.Status switch
        {
            CodeIssueStatus.Sent => (true, null),
            CodeIssueStatus.RateLimited when issue.TooSoon => (true, null),
            CodeIssueStatus.RateLimited => (false, issue.RetryAfter),
            _ => throw new InvalidOperationException(issue.Message),
        };
    }

    // The account the code proves, or null. The code also proves the person holds the phone number or
    // address, so the account's identity for it becomes verified.
    public async Task<User?> VerifyAsync(string pool, CodeChannel channel, string recipient, string code, CancellationToken ct)
    {
        var check = await codes.VerifyAsync(pool, channel, recipient, Purpose, code, ct);
        if (!check.Verified || await OwnerAsync(pool, channel, recipient, ct) is not { } owner)
            return null;
        await users.MarkIdentityVerifiedAsync(pool, owner.Id, KindOf(channel), recipient, ct);
        return owner;
    }

    private static string KindOf(CodeChannel channel) => channel == CodeChannel.Email ? IdentityKind.Email : IdentityKind.Phone;

    private Task<User?> OwnerAsync(string pool, CodeChannel channel, string recipient, CancellationToken ct) =>
        users.FindByIdentityAsync(pool, KindOf(channel), recipient, ct);
}
