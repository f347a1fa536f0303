namespace WeGate.Core.OneTimeCodes;

// A code on its way to a person. OnlyIf, when set, is asked just before sending: the binding page
// sends only to a phone or address an account uses, and asks that away from the request, so that the
// answer and its timing are the same whether or not an account does (docs/security.md#one-time-codes).
public sealed record OutgoingCode(string Pool, CodeChannel Channel, string Recipient, string Code, string? Ip)
{
    public Func<CancellationToken, Task<bool>>? OnlyIf { get; init; }

    // Never the code, never the recipient: this may reach a log.
    public override string ToString() => $"{CodeRecipients.Name(Channel)} code for pool {Pool}";
}

// Where OneTimeCodeService hands a code to be sent. The server queues it for a background sender, so a
// slow SMS provider or SMTP server never holds up the page that asked.
public interface ICodeDispatcher
{
    // Why codes cannot be sent on this channel at all (the settings to set), or null.
    string? Unavailable(CodeChannel channel);

    // Takes the code for sending; never waits for the sender.
    ValueTask DispatchAsync(OutgoingCode code, CancellationToken ct = default);
}

// The words of the SMS and the email that carry a code, and the sender that takes each.
public sealed class CodeDelivery(ISmsSender sms, IEmailSender email, OneTimeCodeSettings settings)
{
    // Throws CodeSendException when the provider or the SMTP server refuses.
    public Task SendAsync(OutgoingCode outgoing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        var (code, minutes, name) = (outgoing.Code, (int)Math.Ceiling(settings.Lifetime.TotalMinutes), settings.SenderName);
        return outgoing.Channel == CodeChannel.Sms
            ? sms.SendAsync(outgoing.Recipient, $"【{name}】验证码 {code}，{minutes} 分钟内有效，请勿告诉他人。Your code is {code}, valid for {minutes} minutes.", ct)
            : email.SendAsync(outgoing.Recipient, $"{name} 验证码 · Your verification code",
                $"""
                您的验证码是 {code}，{minutes} 分钟内有效。如果不是您本人操作，请忽略此邮件。

                Your verification code is {code}. It is valid for {minutes} minutes.
                If you did not ask for it, ignore this email.

                {name}
                """, ct);
    }
}

// Audit events of code delivery: a code that left for a person, or one that did not (the sender
// failed, or the queue was full). Neither names the recipient.
public static class CodeEventType
{
    public const string Sent = "code.sent";
    public const string NotSent = "code.not_sent";
}
