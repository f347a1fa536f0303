using WeGate.Core.Connections;

namespace WeGate.Core.Accounts;

// A WeChat user arriving through a connection, as the login flow learned them from WeChat.
public sealed record WeChatArrival
{
    public required Connection Connection { get; init; }
    public required string OpenId { get; init; }
    public string? UnionId { get; init; }

    // docs/wechat-contract.md#snapshot-pages: a snapshot-page virtual user; its ids are not the person's real ones.
    public bool IsSnapshotUser { get; init; }

    // A phone number WeChat vouched for (mini program getPhoneNumber), in E.164.
    public string? VerifiedPhone { get; init; }

    // An email address the source vouched for, lowercase. No WeChat login gives one today (WeChat has
    // no email API); it is here so that field matching treats every vouched field alike.
    public string? VerifiedEmail
    {
        get;
        init => field = value?.Trim().ToLowerInvariant();
    }

    public string? Nickname { get; init; }
    public string? AvatarUrl { get; init; }

    // Where the login happened, for the audit trail.
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? ClientId { get; init; }

    public string Pool => Connection.Pool;
    public string OpenIdIdentifier => Users.IdentityKind.OpenIdIdentifier(Connection.AppId, OpenId);
}
