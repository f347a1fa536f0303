using System.Net;
using System.Net.Mail;
using System.Text;
using WeGate.Core.OneTimeCodes;

namespace WeGate.Server.Senders;

// Email over SMTP with .NET's SmtpClient: STARTTLS, optional login, one connection per message (codes
// are few). Failures are logged with the server's answer; the password never is.
internal sealed class SmtpEmailSender(SmtpSettings smtp, ILogger<SmtpEmailSender> log) : IEmailSender
{
    public async Task SendAsync(string address, string subject, string body, CancellationToken ct = default)
    {
        using var message = new MailMessage(new MailAddress(smtp.From!), new MailAddress(address))
        {
            Subject = subject,
            Body = body,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = smtp.TimeoutSeconds * 1000,
            UseDefaultCredentials = false,
            Credentials = string.IsNullOrEmpty(smtp.Username) ? null : new NetworkCredential(smtp.Username, smtp.Password),
        };
        try
        {
            await client.SendMailAsync(message, ct);
        }
        catch (Exception e) when (e is SmtpException or InvalidOperationException or IOException)
        {
            log.LogWarning(e, "Sending an email through {Smtp} failed", smtp);
            throw new CodeSendException($"The SMTP server {smtp.Host}:{smtp.Port} did not take the email: {e.Message}", e);
        }
    }
}
