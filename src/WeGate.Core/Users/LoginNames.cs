namespace WeGate.Core.Users;

// How a typed login name becomes an identity lookup: an email address, a phone number (E.164; a bare
// 11-digit mainland mobile number gets +86), or otherwise a username.
public static class LoginNames
{
    public const int MaxLength = 128;

    public static (string Kind, string Identifier) Classify(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var value = login.Trim();
        if (value.Contains('@', StringComparison.Ordinal))
            return (IdentityKind.Email, value.ToLowerInvariant());
        var digits = value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith('+') && digits.Length > 6 && digits[1..].All(char.IsAsciiDigit))
            return (IdentityKind.Phone, digits);
        if (digits.Length == 11 && digits[0] == '1' && digits.All(char.IsAsciiDigit))
            return (IdentityKind.Phone, "+86" + digits);
        return (IdentityKind.Password, value);
    }
}
