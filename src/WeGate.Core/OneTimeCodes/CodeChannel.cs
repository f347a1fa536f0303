using System.Net.Mail;
using WeGate.Core.Users;

namespace WeGate.Core.OneTimeCodes;

public enum CodeChannel
{
    Sms,
    Email,
}

// Where a code may go: an E.164 phone number (the login-name rules of LoginNames, so "138 0013 8000"
// and "+86 138-0013-8000" are the same person) or a lowercase email address.
public static class CodeRecipients
{
    public const int MaxEmailLength = 254; // RFC 5321 §4.5.3.1.3 path limit, less the angle brackets

    public static string Name(CodeChannel channel) => channel == CodeChannel.Sms ? "sms" : "email";

    public static CodeChannel Parse(string name) => name switch
    {
        "sms" => CodeChannel.Sms,
        "email" => CodeChannel.Email,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "A code channel is sms or email"),
    };

    // The recipient as stored and compared, or null when it is not a phone number (for Sms) or an
    // email address (for Email).
    public static string? Normalize(CodeChannel channel, string? recipient)
    {
        if (string.IsNullOrWhiteSpace(recipient) || recipient.Length > LoginNames.MaxLength * 2)
            return null;
        var (kind, identifier) = LoginNames.Classify(recipient);
        return channel switch
        {
            CodeChannel.Sms when kind == IdentityKind.Phone && IsE164(identifier) => identifier,
            CodeChannel.Email when kind == IdentityKind.Email && IsEmail(identifier) => identifier,
            _ => null,
        };
    }

    // ITU-T E.164: a country code that does not start with 0, and at most 15 digits in all.
    private static bool IsE164(string phone) =>
        phone.Length is >= 8 and <= 16 && phone[0] == '+' && phone[1] != '0' && phone.AsSpan(1).ContainsOnlyDigits();

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
    }

    // A bare address (no display name, no spaces), with a dot in its domain.
    private static bool IsEmail(string address) =>
        address.Length <= MaxEmailLength
        && !address.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal)
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !parsed.Host.EndsWith('.');
}
