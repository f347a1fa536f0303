using WeGate.Core.OneTimeCodes;

namespace WeGate.Server.Senders;

// Outside the sandbox, without a way to deliver: issuing a code fails with what to configure.
internal sealed class UnconfiguredSmsSender : ISmsSender
{
    public const string Message =
        "No SMS provider is configured, so WeGate cannot send SMS codes. WeGate ships no SMS vendor yet: register an ISmsSender "
        + "(WeGate.Core.OneTimeCodes) in the host, or use email codes (docs/configuration.md#one-time-codes).";

    public Task SendAsync(string phoneE164, string message, CancellationToken ct = default) =>
        throw new SenderNotConfiguredException(Message);
}

internal sealed class UnconfiguredEmailSender : IEmailSender
{
    public const string Message =
        "Email is not configured, so WeGate cannot send email codes: set WeGate:Email:Smtp:Host and WeGate:Email:Smtp:From "
        + "(and Username and Password if the server needs them; docs/configuration.md#one-time-codes).";

    public Task SendAsync(string address, string subject, string body, CancellationToken ct = default) =>
        throw new SenderNotConfiguredException(Message);
}
