namespace WeGate.Core.OneTimeCodes;

// How a code reaches a person. WeGate ships an SMTP email sender and, in Development, the sandbox's
// outbox for both; an SMS provider is plugged in by registering an ISmsSender (docs/configuration.md).
// A sender that cannot deliver throws CodeSendException with a message an operator can act on.
public interface ISmsSender
{
    // phoneE164: "+8613800138000".
    Task SendAsync(string phoneE164, string message, CancellationToken ct = default);
}

public interface IEmailSender
{
    Task SendAsync(string address, string subject, string body, CancellationToken ct = default);
}

public class CodeSendException(string message, Exception? inner = null) : Exception(message, inner);

// Nothing is configured to deliver on this channel: the message says which settings to set.
public sealed class SenderNotConfiguredException(string message) : CodeSendException(message);
