using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeGate.Core.Webhooks;

namespace WeGate.Server.Webhooks;

// Sends the outbox (docs/operations.md#webhooks). Each round claims up to MaxConcurrency due messages
// for a lease longer than an attempt can take, sends them at once and records each outcome; a node that
// dies mid-round leaves its messages to be claimed again when the lease ends, one that stops releases
// them at once. Either way a message may arrive twice, with the same webhook-id: delivery is at least once.
internal sealed class WebhookDeliverer(IWebhookOutbox outbox, WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDeliverer> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Deliver)
            return;
        var schedule = o.Schedule();
        var idle = TimeSpan.FromMilliseconds(o.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                if (await outbox.AnyDueAsync(stoppingToken))
                    sent = await RoundAsync(o, schedule, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly away; the next round tries again.
                logger.LogWarning(e, "Webhook delivery could not read or update the outbox; trying again");
            }
            if (sent == 0)
            {
                try { await Task.Delay(idle, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<int> RoundAsync(WebhookOptions o, RetrySchedule schedule, CancellationToken stoppingToken)
    {
        var claimed = await outbox.ClaimAsync(o.MaxConcurrency, clock.GetUtcNow() + TimeSpan.FromSeconds(o.TimeoutSeconds) + LeaseMargin, stoppingToken);
        try
        {
            await Task.WhenAll(claimed.Select(m => DeliverAsync(m, schedule, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not completed goes back to the queue now rather than when its lease ends.
            await outbox.ReleaseAsync(claimed.Select(m => m.Id).ToList(), CancellationToken.None);
            throw;
        }
        return claimed.Count;
    }

    private async Task DeliverAsync(ClaimedMessage message, RetrySchedule schedule, CancellationToken ct)
    {
        var attemptedAt = clock.GetUtcNow();
        var result = await sender.SendAsync(message, ct);
        var attempt = message.Attempts + 1;
        var delay = result.Succeeded ? null : schedule.After(attempt, RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000.0);
        var retryAt = delay is { } d ? clock.GetUtcNow() + d : (DateTimeOffset?)null;
        await outbox.CompleteAsync(message, result, attemptedAt, retryAt, CancellationToken.None);
        if (result.Succeeded)
            return;
        if (retryAt is null)
            logger.LogWarning("Webhook message {Message} to {Url} given up after {Attempts} attempts: {Error}", message.Id, message.Url, attempt,
                result.Error ?? $"HTTP {result.StatusCode}");
        else
            logger.LogInformation("Webhook message {Message} to {Url} failed (attempt {Attempt}: {Error}); next attempt at {RetryAt:O}", message.Id, message.Url,
                attempt, result.Error ?? $"HTTP {result.StatusCode}", retryAt);
    }
}
