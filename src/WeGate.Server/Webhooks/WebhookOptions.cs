using Microsoft.Extensions.Options;
using WeGate.Core.Webhooks;
using WeGate.Server.Hosting;

namespace WeGate.Server.Webhooks;

// WeGate:Webhooks (docs/configuration.md#webhooks, docs/operations.md#webhooks).
internal sealed class WebhookOptions
{
    public const string Section = "WeGate:Webhooks";

    // False: this node sends nothing (the outbox still fills, and another node sends).
    public bool Deliver { get; set; } = true;

    // Unset: true outside Development.
    public bool? RequireHttps { get; set; }

    // Unset: false outside Development. Loopback, private, link-local and similar addresses.
    public bool? AllowPrivateNetworks { get; set; }

    public int TimeoutSeconds { get; set; } = 15;

    // Attempts in flight at once on this node.
    public int MaxConcurrency { get; set; } = 8;

    // How often an idle node looks for due messages.
    public int PollMilliseconds { get; set; } = 1000;

    // The delays between attempts; unset: RetrySchedule.Default.
    public int[]? RetryDelaysSeconds { get; set; }

    public const int MaxResponseBytesKept = 1024;

    public WebhookPolicy Policy(IHostEnvironment env) =>
        new(RequireHttps ?? !env.IsDevelopment(), AllowPrivateNetworks ?? env.IsDevelopment());

    public RetrySchedule Schedule() =>
        RetryDelaysSeconds is { Length: > 0 } d ? new RetrySchedule(d.Select(s => TimeSpan.FromSeconds(s)).ToList()) : RetrySchedule.Default;
}

internal sealed class WebhookOptionsValidation : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var checks = new SettingChecks(WebhookOptions.Section);
        checks.Range(nameof(options.TimeoutSeconds), options.TimeoutSeconds, 1, 60);
        checks.Range(nameof(options.MaxConcurrency), options.MaxConcurrency, 1, 64);
        checks.Range(nameof(options.PollMilliseconds), options.PollMilliseconds, 50, 60_000);
        if (options.RetryDelaysSeconds is { } delays)
        {
            if (delays.Length > 20)
                checks.Fail(nameof(options.RetryDelaysSeconds), $"may list at most 20 delays; it lists {delays.Length}.");
            if (delays.Any(d => d is < 1 or > 7 * 86_400))
                checks.Fail(nameof(options.RetryDelaysSeconds), $"must list delays between 1 and 604800 seconds; it is [{string.Join(", ", delays)}].");
        }
        return checks.Result();
    }
}
