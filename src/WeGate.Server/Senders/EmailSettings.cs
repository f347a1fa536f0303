using System.Net.Mail;

namespace WeGate.Server.Senders;

// WeGate:Email (docs/configuration.md#one-time-codes). Without a Host, WeGate sends no email (except
// to the sandbox's outbox in Development).
public sealed class EmailSettings
{
    public const string Section = "WeGate:Email";

    public SmtpSettings Smtp { get; set; } = new();

    public IReadOnlyList<string> Problems()
    {
        var s = Smtp;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(s.Host))
        {
            return problems;
        }
        if (s.Port is < 1 or > 65535)
            problems.Add($"{Section}:Smtp:Port must be between 1 and 65535 (got {s.Port})");
        // .NET's SmtpClient speaks STARTTLS only; against a port 465 server it would wait for a
        // greeting that never comes.
        if (s.Port == 465)
            problems.Add($"{Section}:Smtp:Port 465 (implicit TLS) is not supported: use the server's submission port 587 with STARTTLS (UseTls true)");
        if (string.IsNullOrWhiteSpace(s.From) || !MailAddress.TryCreate(s.From, out _))
            problems.Add($"{Section}:Smtp:From must be the sender's address, e.g. \"WeGate <no-reply@example.com>\"");
        if (string.IsNullOrEmpty(s.Username) != string.IsNullOrEmpty(s.Password))
            problems.Add($"{Section}:Smtp:Username and {Section}:Smtp:Password go together: set both, or neither for a server without authentication");
        if (s.TimeoutSeconds is < 1 or > 300)
            problems.Add($"{Section}:Smtp:TimeoutSeconds must be between 1 and 300 (got {s.TimeoutSeconds})");
        return problems;
    }
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
