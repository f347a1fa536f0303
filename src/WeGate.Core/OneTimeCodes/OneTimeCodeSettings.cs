namespace WeGate.Core.OneTimeCodes;

// WeGate:OneTimeCodes (docs/configuration.md#one-time-codes). Core knows no options framework: the
// server checks these values (Senders/OneTimeCodeSettingsValidation.cs).
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
}
