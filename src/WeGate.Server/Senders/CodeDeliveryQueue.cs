using System.Threading.Channels;
using WeGate.Core.Audit;
using WeGate.Core.OneTimeCodes;

namespace WeGate.Server.Senders;

// The codes waiting for the SMS provider or the SMTP server on this node: a bounded in-process queue
// that CodeDeliveryWorker drains, so the page that asked answers without waiting for the sender and
// in the same time whoever the recipient is (docs/security.md#one-time-codes). When the queue is full
// the code is not sent, the page answers as usual, and the drop is logged and audited: a flood of
// requests cannot grow memory or hold requests, and an operator sees what was lost.
internal sealed class CodeDeliveryQueue(ISmsSender sms, IEmailSender email, OneTimeCodeSettings settings, IAuditLog audit, ILogger<CodeDeliveryQueue> log)
    : ICodeDispatcher
{
    private readonly Channel<OutgoingCode> _queue = Channel.CreateBounded<OutgoingCode>(
        new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<OutgoingCode> Reader => _queue.Reader;

    // Known at start: the senders registered for a channel that has nothing configured.
    public string? Unavailable(CodeChannel channel) => channel switch
    {
        CodeChannel.Sms when sms is UnconfiguredSmsSender => UnconfiguredSmsSender.Message,
        CodeChannel.Email when email is UnconfiguredEmailSender => UnconfiguredEmailSender.Message,
        _ => null,
    };

    public async ValueTask DispatchAsync(OutgoingCode code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (_queue.Writer.TryWrite(code))
            return;
        log.LogWarning("The one-time code queue is full ({Capacity}, WeGate:OneTimeCodes:QueueCapacity): a {Code} was not sent", settings.QueueCapacity, code);
        // Written whatever happens to the request, so the drop is never lost.
        await audit.WriteAsync(new AuditEvent
        {
            Pool = code.Pool, Type = CodeEventType.NotSent, Ip = code.Ip, Outcome = AuditOutcome.Failure,
            Reason = $"{CodeRecipients.Name(code.Channel)} code: the queue of codes to send is full",
        }, CancellationToken.None);
    }
}
