using Microsoft.Extensions.Options;
using WeGate.Core.OneTimeCodes;
using WeGate.Server.Hosting;

namespace WeGate.Server.Senders;

// WeGate:OneTimeCodes, whose class lives in Core (docs/configuration.md#one-time-codes).
internal sealed class OneTimeCodeSettingsValidation : IValidateOptions<OneTimeCodeSettings>
{
    public ValidateOptionsResult Validate(string? name, OneTimeCodeSettings options)
    {
        var checks = new SettingChecks(OneTimeCodeSettings.Section);
        checks.Range(nameof(options.LifetimeSeconds), options.LifetimeSeconds, 60, 3600);
        checks.Range(nameof(options.MaxAttempts), options.MaxAttempts, 1, 20);
        checks.Range(nameof(options.ResendSeconds), options.ResendSeconds, 0, 3600);
        checks.Range(nameof(options.PerRecipientPerHour), options.PerRecipientPerHour, 1, 1000);
        checks.Range(nameof(options.PerIpPerHour), options.PerIpPerHour, 1, 100_000);
        checks.Range(nameof(options.FailuresPerRecipientPerDay), options.FailuresPerRecipientPerDay, 1, 1000);
        checks.Range(nameof(options.QueueCapacity), options.QueueCapacity, 1, 1_000_000);
        if (string.IsNullOrWhiteSpace(options.SenderName) || options.SenderName.Length > 32)
            checks.Fail(nameof(options.SenderName), $"must be 1 to 32 characters, e.g. your company's short name; it is '{options.SenderName}'.");
        return checks.Result();
    }
}
