using WeGate.Core.Audit;
using WeGate.Core.OneTimeCodes;

namespace WeGate.Server.Senders;

// Drains CodeDeliveryQueue: a few codes at a time, so one slow SMTP server (it may take
// WeGate:Email:Smtp:TimeoutSeconds to fail) does not hold up every other code. Each code's OnlyIf is
// asked here, away from the request. Every code that leaves, or fails to, is audited without its
// recipient; a failure is logged with the sender's reason.
internal sealed class CodeDeliveryWorker(CodeDeliveryQueue queue, CodeDelivery delivery, IAuditLog audit, ILogger<CodeDeliveryWorker> log) : BackgroundService
{
    private const int Senders = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(() => DrainAsync(stoppingToken), CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (queue.Reader.Count > 0)
            log.LogWarning("{Count} one-time code(s) were still queued when WeGate stopped and were not sent", queue.Reader.Count);
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var code in queue.Reader.ReadAllAsync(ct))
                await DeliverAsync(code, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(OutgoingCode code, CancellationToken ct)
    {
        string? failure = null;
        try
        {
            if (code.OnlyIf is not null && !await code.OnlyIf(ct))
                return;
            await delivery.SendAsync(code, ct);
        }
        catch (CodeSendException e)
        {
            log.LogWarning(e, "A {Code} could not be sent: {Reason}", code, e.Message);
            failure = CodeRecipients.Name(code.Channel) + " code: the sender failed; the log has its reason";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One code's trouble (the database, a sender's bug) must not stop the senders.
            log.LogError(e, "A {Code} could not be sent", code);
            failure = CodeRecipients.Name(code.Channel) + " code: an error; the log has its reason";
        }
        await AuditAsync(code, failure);
    }

    private async Task AuditAsync(OutgoingCode code, string? failure)
    {
        try
        {
            await audit.WriteAsync(new AuditEvent
            {
                Pool = code.Pool, Type = failure is null ? CodeEventType.Sent : CodeEventType.NotSent, Ip = code.Ip,
                Outcome = failure is null ? AuditOutcome.Success : AuditOutcome.Failure,
                Reason = failure ?? CodeRecipients.Name(code.Channel) + " code",
            }, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "The audit event of a {Code} could not be written", code);
        }
    }
}
