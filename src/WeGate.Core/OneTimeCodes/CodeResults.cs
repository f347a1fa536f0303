namespace WeGate.Core.OneTimeCodes;

public enum CodeIssueStatus
{
    Sent,
    // Not a phone number (sms) or an email address (email).
    InvalidRecipient,
    // Too soon after the last code, too many to this recipient or from this IP address, or too many
    // wrong codes entered for this recipient today: see RetryAfter.
    RateLimited,
    // Nothing can deliver on this channel here: Message names the settings to set.
    NotConfigured,
}

// Message is English for developers and logs (it never contains the code or the recipient); the page
// in front of the person words each status in its own languages.
public sealed record CodeIssue(CodeIssueStatus Status, string Message)
{
    public bool Sent => Status == CodeIssueStatus.Sent;

    // The recipient as normalized: "+8613800138000", "mei@example.com".
    public string? Recipient { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    // RateLimited only because a code went to this recipient within the resend interval: that code is
    // still on its way or in hand, so a page can say "sent" rather than "wait".
    public bool TooSoon { get; init; }

    // RateLimited because FailuresPerRecipientPerDay wrong codes were entered for this recipient: no code
    // for it would verify before RetryAfter.
    public bool Locked { get; init; }
}

public enum CodeCheckStatus
{
    Verified,
    Wrong,
    Expired,
    // The code had MaxAttempts verifications: ask for a new one.
    TooManyAttempts,
    // Verified already (codes are single use), or another verification won the race for it.
    Used,
    // No code was sent to this recipient for this purpose (or the recipient is not valid).
    NoCode,
    // FailuresPerRecipientPerDay wrong codes were entered for this recipient: every code for it is
    // refused until RetryAfter.
    Locked,
}

public sealed record CodeCheck(CodeCheckStatus Status, int AttemptsLeft, string Message)
{
    public bool Verified => Status == CodeCheckStatus.Verified;

    public TimeSpan? RetryAfter { get; init; }
}
