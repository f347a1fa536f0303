using Microsoft.Extensions.Options;
using WeGate.Storage;
using WeGate.Storage.Stores;

namespace WeGate.Server.Hosting;

// WeGate:Housekeeping. Every IntervalSeconds (0: never) rows that expired more than RetentionHours ago
// are deleted (ExpiredRows). The retention keeps a redeemed code or a rotated refresh token long
// enough for a replay to be recognised as one, and leaves operators a day to look at recent rows.
// Audit events older than AuditRetentionDays (0: kept forever) go in the same pass
// (operations.md#audit-retention).
internal sealed class HousekeepingOptions
{
    public const string Section = "WeGate:Housekeeping";

    // The console's Overview reads the last 30 days of audit events; a shorter retention would empty its charts.
    public const int MinAuditRetentionDays = 31;

    public int IntervalSeconds { get; set; } = 600;

    public int RetentionHours { get; set; } = 24;

    public int AuditRetentionDays { get; set; } = 180;

    // Delivered and given-up webhook messages, with their attempts (operations.md#webhooks).
    public int WebhookRetentionDays { get; set; } = 30;
}

internal sealed class HousekeepingOptionsValidation : IValidateOptions<HousekeepingOptions>
{
    public ValidateOptionsResult Validate(string? name, HousekeepingOptions options)
    {
        var checks = new SettingChecks(HousekeepingOptions.Section);
        if (options.IntervalSeconds is not 0 and (< 1 or > 86_400))
            checks.Fail(nameof(options.IntervalSeconds), $"must be 0 (off) or between 1 and 86400; it is {options.IntervalSeconds}.");
        checks.Range(nameof(options.RetentionHours), options.RetentionHours, 1, 8760);
        if (options.AuditRetentionDays is not 0 and (< HousekeepingOptions.MinAuditRetentionDays or > 36_500))
            checks.Fail(nameof(options.AuditRetentionDays),
                $"must be 0 (keep forever) or between {HousekeepingOptions.MinAuditRetentionDays} and 36500, since the console's Overview reads the last 30 days; it is {options.AuditRetentionDays}.");
        checks.Range(nameof(options.WebhookRetentionDays), options.WebhookRetentionDays, 1, 36_500);
        return checks.Result();
    }
}

internal sealed class Housekeeping(Database db, IOptions<HousekeepingOptions> options, TimeProvider clock, ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.IntervalSeconds == 0)
            return;
        var rows = new ExpiredRows(db);
        var audit = new ExpiredAuditEvents(db);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.IntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = clock.GetUtcNow();
                var deleted = new Dictionary<string, long>(await rows.DeleteAsync(now.AddHours(-o.RetentionHours), stoppingToken), StringComparer.Ordinal);
                if (o.AuditRetentionDays > 0 && await audit.DeleteAsync(now.AddDays(-o.AuditRetentionDays), stoppingToken) is > 0 and var events)
                    deleted["audit_events"] = events;
                if (await new WebhookOutbox(db, clock).DeleteEndedAsync(now.AddDays(-o.WebhookRetentionDays), stoppingToken) is > 0 and var messages)
                    deleted["webhook_messages"] = messages;
                if (deleted.Count > 0)
                    logger.LogInformation("Housekeeping deleted expired rows: {Deleted}", string.Join(", ", deleted.Select(d => $"{d.Key} {d.Value}")));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away; the next tick tries again.
                logger.LogWarning(e, "Housekeeping could not delete expired rows; it will try again in {Seconds} s", o.IntervalSeconds);
            }
        }
    }
}
