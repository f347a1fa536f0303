namespace WeGate.Core.OneTimeCodes;

// WeGate:OneTimeCodes (docs/configuration.md#one-time-codes).
public sealed class OneTimeCodeSettings
{
    public const string Section = "WeGate:OneTimeCodes";

    public int LifetimeSeconds { get; set; } = 600;

    // Verifications of one code, right or wrong; a code with none left needs a new one.
    public int MaxAttempts { get; set; } = 5;

    // Per recipient (a phone number or an address, in every pool): the wait before another code…
    public int ResendSeconds { get; set; } = 60;

    // …and how many in an hour.
    public int PerRecipientPerHour { get; set; } = 10;

    // Codes asked for from one IP address in an hour, to any recipients.
    public int PerIpPerHour { get; set; } = 20;

    // Wrong codes entered for one recipient (in every pool, across codes) before every code for it is
    // refused until a day has passed since the first of them.
    public int FailuresPerRecipientPerDay { get; set; } = 10;

    // Codes waiting for the SMS or email sender on this node; beyond it a code is not sent (and audited).
    public int QueueCapacity { get; set; } = 1000;

    // Opens the SMS as 【SenderName】 and names the sender in emails.
    public string SenderName { get; set; } = "WeGate";

    public TimeSpan Lifetime => TimeSpan.FromSeconds(LifetimeSeconds);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Range(string key, int value, int min, int max)
        {
            if (value < min || value > max)
                problems.Add($"{Section}:{key} must be between {min} and {max} (got {value})");
        }
        Range(nameof(LifetimeSeconds), LifetimeSeconds, 60, 3600);
        Range(nameof(MaxAttempts), MaxAttempts, 1, 20);
        Range(nameof(ResendSeconds), ResendSeconds, 0, 3600);
        Range(nameof(PerRecipientPerHour), PerRecipientPerHour, 1, 1000);
        Range(nameof(PerIpPerHour), PerIpPerHour, 1, 100_000);
        Range(nameof(FailuresPerRecipientPerDay), FailuresPerRecipientPerDay, 1, 1000);
        Range(nameof(QueueCapacity), QueueCapacity, 1, 1_000_000);
        if (string.IsNullOrWhiteSpace(SenderName) || SenderName.Length > 32)
            problems.Add($"{Section}:{nameof(SenderName)} must be 1 to 32 characters");
        return problems;
    }
}
