using System.Net.Mail;
using Microsoft.Extensions.Options;
using WeGate.Server.Hosting;

namespace WeGate.Server.Senders;

// WeGate:Email (docs/configuration.md#one-time-codes). Without a Host, WeGate sends no email (except
// to the sandbox's outbox in Development). EmailSettingsValidation checks the rest once Host is set.
public sealed class EmailSettings
{
    public const string Section = "WeGate:Email";

    public SmtpSettings Smtp { get; set; } = new();
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    // STARTTLS before authenticating. Turn off only for a relay on a trusted network (or a test server).
    public bool UseTls { get; set; } = true;

    public string? Username { get; set; }

    // Secret: never logged, never shown. Prefer the environment (WEGATE__EMAIL__SMTP__PASSWORD).
    public string? Password { get; set; }

    // "no-reply@example.com" or "Example <no-reply@example.com>".
    public string? From { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    public override string ToString() => $"smtp://{Host}:{Port} (TLS {(UseTls ? "on" : "off")}, user {Username ?? "none"})";
}

// WeGate:Email (docs/configuration.md#one-time-codes). Without a Host nothing else is used, so nothing
// else is checked.
internal sealed class EmailSettingsValidation : IValidateOptions<EmailSettings>
{
    public ValidateOptionsResult Validate(string? name, EmailSettings options)
    {
        var s = options.Smtp;
        var checks = new SettingChecks(EmailSettings.Section + ":Smtp");
        if (string.IsNullOrWhiteSpace(s.Host))
            return checks.Result();
        checks.Range("Port", s.Port, 1, 65535);
        // .NET's SmtpClient speaks STARTTLS only; against a port 465 server it would wait for a
        // greeting that never comes.
        if (s.Port == 465)
            checks.Fail("Port", "465 (implicit TLS) is not supported: use the server's submission port 587 with STARTTLS (UseTls true).");
        if (string.IsNullOrWhiteSpace(s.From) || !MailAddress.TryCreate(s.From, out _))
            checks.Fail("From", $"must be the sender's address, e.g. \"WeGate <no-reply@example.com>\"; it is '{s.From}'.");
        if (string.IsNullOrEmpty(s.Username) != string.IsNullOrEmpty(s.Password))
            checks.Fail("Username", $"and {EmailSettings.Section}:Smtp:Password go together: set both, or neither for a server without authentication.");
        checks.Range("TimeoutSeconds", s.TimeoutSeconds, 1, 300);
        return checks.Result();
    }
}
