using System.Text.RegularExpressions;
using WeGate.Core.Validation;

namespace WeGate.Core.Users;

// An admin's edit of a profile (PATCH …/users/{id}): null leaves a field as it is, "" clears it. What an
// admin sets stays: the fill from WeChat (IUserStore.FillProfileAsync) writes only empty fields.
public sealed partial record ProfileChange
{
    public const int NameMaxLength = 100;
    public const int GenderMaxLength = 32;
    public const int PictureMaxLength = 2000;
    public const int EmailMaxLength = 254;
    public const int LocaleMaxLength = 35;
    public const int AddressMaxLength = 500;

    public string? Name { get; init; }
    public string? Nickname { get; init; }
    public string? Picture { get; init; }
    public string? Gender { get; init; }
    public string? Email { get; init; }
    public bool? EmailVerified { get; init; }
    public string? PhoneNumber { get; init; }
    public bool? PhoneNumberVerified { get; init; }
    public string? Locale { get; init; }
    public string? Address { get; init; }

    public bool ChangesNothing() => this == new ProfileChange();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailShape();

    // BCP 47 as OIDC Core §5.1 asks: zh-CN, en, zh-Hans-CN.
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    // Trimmed values and a lowercase email (the user search compares lowercase), checked against the
    // field rules; field names are the API's.
    public ProfileChange Normalized(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var c = this with
        {
            Name = Name?.Trim(), Nickname = Nickname?.Trim(), Picture = Picture?.Trim(), Gender = Gender?.Trim(),
            Email = Email?.Trim().ToLowerInvariant(), PhoneNumber = PhoneNumber?.Trim(), Locale = Locale?.Trim(), Address = Address?.Trim(),
        };
        errors.MaxLength("name", c.Name, NameMaxLength);
        errors.MaxLength("nickname", c.Nickname, NameMaxLength);
        errors.MaxLength("gender", c.Gender, GenderMaxLength);
        errors.MaxLength("address", c.Address, AddressMaxLength);
        if (c.Picture is { Length: > 0 } picture && (picture.Length > PictureMaxLength
            || !Uri.TryCreate(picture, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            errors.Add("picture", $"must be an absolute http or https URL of at most {PictureMaxLength} characters");
        if (c.Email is { Length: > 0 } email && (email.Length > EmailMaxLength || !EmailShape().IsMatch(email)))
            errors.Add("email", $"must be an email address (name@example.com) of at most {EmailMaxLength} characters");
        if (c.PhoneNumber is { Length: > 0 } phone && !E164().IsMatch(phone))
            errors.Add("phone_number", "must be in E.164 form: '+', the country code and the number, e.g. +8613800138000");
        if (c.Locale is { Length: > 0 } locale && (locale.Length > LocaleMaxLength || !LanguageTag().IsMatch(locale)))
            errors.Add("locale", "must be a BCP 47 language tag such as zh-CN or en");
        return c;
    }

    // The profile after the change. A changed email or phone number is unverified unless the change says
    // otherwise, and a verified flag needs a value to vouch for.
    public UserProfile ApplyTo(UserProfile current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var email = Pick(Email, current.Email);
        var phone = Pick(PhoneNumber, current.PhoneNumber);
        var emailVerified = EmailVerified ?? (email is not null && email == current.Email && current.EmailVerified);
        var phoneVerified = PhoneNumberVerified ?? (phone is not null && phone == current.PhoneNumber && current.PhoneNumberVerified);
        var errors = new ValidationErrors();
        if (emailVerified && email is null)
            errors.Add("email_verified", "cannot be true for a user without an email");
        if (phoneVerified && phone is null)
            errors.Add("phone_number_verified", "cannot be true for a user without a phone_number");
        errors.ThrowIfAny();
        return current with
        {
            Name = Pick(Name, current.Name), Nickname = Pick(Nickname, current.Nickname), Picture = Pick(Picture, current.Picture),
            Gender = Pick(Gender, current.Gender), Email = email, EmailVerified = emailVerified, PhoneNumber = phone,
            PhoneNumberVerified = phoneVerified, Locale = Pick(Locale, current.Locale), Address = Pick(Address, current.Address),
        };
    }

    private static string? Pick(string? change, string? current) => change is null ? current : change.Length == 0 ? null : change;
}
