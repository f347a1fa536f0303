using Microsoft.Extensions.Options;

namespace WeGate.Sandbox;

// The sandbox's lifetimes and limits (docs/sandbox.md#what-it-enforces), under the section that holds them: Sandbox for
// `wegate sandbox`, WeGate:Sandbox when mounted in WeGate. Each failure names the full setting.
public sealed class SandboxOptionsValidation(string section) : IValidateOptions<SandboxOptions>
{
    public const int ControlSecretMinLength = 16;

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Fail(string key, string problem) => failures.Add($"{section}:{key} {problem}");
        void Positive(string key, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
                Fail(key, $"must be a duration longer than zero, e.g. 00:05:00 for five minutes; it is {value}.");
        }
        void AtLeastOne(string key, int value, int max)
        {
            if (value < 1 || value > max)
                Fail(key, $"must be between 1 and {max}; it is {value}.");
        }

        Positive(nameof(options.AccessTokenLifetime), options.AccessTokenLifetime);
        if (options.AccessTokenOverlap < TimeSpan.Zero)
            Fail(nameof(options.AccessTokenOverlap), $"must be zero or longer; it is {options.AccessTokenOverlap}.");
        Positive(nameof(options.OfficialAccountCodeLifetime), options.OfficialAccountCodeLifetime);
        Positive(nameof(options.OpenPlatformCodeLifetime), options.OpenPlatformCodeLifetime);
        Positive(nameof(options.MiniProgramCodeLifetime), options.MiniProgramCodeLifetime);
        Positive(nameof(options.SnsRefreshTokenLifetime), options.SnsRefreshTokenLifetime);
        Positive(nameof(options.PushDeadline), options.PushDeadline);
        Positive(nameof(options.DeliveryWaitLimit), options.DeliveryWaitLimit);
        Positive(nameof(options.QrConnectLifetime), options.QrConnectLifetime);
        Positive(nameof(options.QrConnectPollInterval), options.QrConnectPollInterval);
        Positive(nameof(options.ConsentLifetime), options.ConsentLifetime);
        Positive(nameof(options.QrConnectUnwatchedAfter), options.QrConnectUnwatchedAfter);
        Positive(nameof(options.ScanListWindow), options.ScanListWindow);
        AtLeastOne(nameof(options.JsCodeSessionsPerMinute), options.JsCodeSessionsPerMinute, 1_000_000);
        AtLeastOne(nameof(options.CallLogCapacity), options.CallLogCapacity, 1_000_000);
        AtLeastOne(nameof(options.PushAttempts), options.PushAttempts, 10);
        AtLeastOne(nameof(options.DeliveryLogCapacity), options.DeliveryLogCapacity, 1_000_000);
        if (!IsHttpUrl(options.QrContentBase))
            Fail(nameof(options.QrContentBase), $"must be an absolute http or https URL such as http://weixin.qq.com/q/; it is '{options.QrContentBase}'.");
        if (options.PublicUrl is not null && !IsHttpUrl(options.PublicUrl))
            Fail(nameof(options.PublicUrl), $"must be an absolute http or https URL such as https://wegate-test.example.com; it is '{options.PublicUrl}'.");
        // It lets its holder act as any WeChat user from anywhere: a short one is guessed.
        if (options.ControlSecret is { Length: > 0 and < ControlSecretMinLength } secret)
            Fail(nameof(options.ControlSecret), $"must be at least {ControlSecretMinLength} characters; it is {secret.Length}. Generate one with `openssl rand -hex 24`.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
