using WeGate.Core.OneTimeCodes;
using WeGate.Sandbox.Outbox;

namespace WeGate.Server.Senders;

// Development with the sandbox mounted: SMS and email go to the sandbox's outbox, shown on the virtual
// phone and listed by GET /sandbox/control/outbox (docs/sandbox.md#the-outbox).
internal sealed class OutboxSender(SandboxOutbox outbox) : ISmsSender, IEmailSender
{
    public Task SendAsync(string phoneE164, string message, CancellationToken ct = default)
    {
        outbox.Add(OutboxMessage.Sms, phoneE164, null, message);
        return Task.CompletedTask;
    }

    public Task SendAsync(string address, string subject, string body, CancellationToken ct = default)
    {
        outbox.Add(OutboxMessage.Email, address, subject, body);
        return Task.CompletedTask;
    }
}
