namespace WeGate.Core.Users;

// A person in a pool. The profile fields are the standard OIDC claims (OIDC Core §5.1).
public sealed record User(
    string Id,
    string Pool,
    UserProfile Profile,
    bool Blocked,
    int LoginCount,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record UserProfile
{
    public string? Name { get; init; }
    public string? Nickname { get; init; }
    public string? Picture { get; init; }
    public string? Gender { get; init; }
    public string? PhoneNumber { get; init; }
    public bool PhoneNumberVerified { get; init; }
    public string? Email { get; init; }
    public bool EmailVerified { get; init; }
    public string? Locale { get; init; }
    public string? Address { get; init; }

    public static readonly UserProfile Empty = new();

    // WeChat quirk: since 2022-11 wx.getUserProfile answers every person with this nickname and a grey
    // avatar (docs/wechat-contract.md#the-anonymous-nickname). It says nothing about the person, so it counts as no nickname.
    public const string WeChatPlaceholderNickname = "微信用户";

    // The merged profile of two users (admin merge): each empty field of this one takes the other's
    // value, and a verified flag travels with its phone number or email.
    public UserProfile FillFrom(UserProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var takePhone = IsEmpty(PhoneNumber) && !IsEmpty(other.PhoneNumber);
        var takeEmail = IsEmpty(Email) && !IsEmpty(other.Email);
        return this with
        {
            Name = Pick(Name, other.Name),
            Nickname = IsEmptyNickname(Nickname) && !IsEmptyNickname(other.Nickname) ? other.Nickname : Nickname,
            Picture = Pick(Picture, other.Picture),
            Gender = Pick(Gender, other.Gender),
            PhoneNumber = takePhone ? other.PhoneNumber : PhoneNumber,
            PhoneNumberVerified = takePhone ? other.PhoneNumberVerified : PhoneNumberVerified,
            Email = takeEmail ? other.Email : Email,
            EmailVerified = takeEmail ? other.EmailVerified : EmailVerified,
            Locale = Pick(Locale, other.Locale),
            Address = Pick(Address, other.Address),
        };
    }

    public static bool IsEmptyNickname(string? nickname) => IsEmpty(nickname) || nickname == WeChatPlaceholderNickname;

    private static bool IsEmpty(string? value) => string.IsNullOrEmpty(value);

    private static string? Pick(string? mine, string? theirs) => IsEmpty(mine) ? theirs : mine;
}
