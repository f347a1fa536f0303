namespace WeGate.Core.Authorization;

// UserId is null only while AccountStep says the redemption creates the account (migration 0009).
// AccountStep is an account step decided on the hosted pages that takes effect only when the code is
// redeemed: the hand-off of a token-exchange login (docs/security.md#the-auth_session-hand-off).
public sealed record AuthorizationCode(
    string CodeHash, string Pool, string ClientId, string? UserId, string? SessionId, string RedirectUri, string Scope,
    string? Nonce, string? CodeChallenge, string? CodeChallengeMethod, DateTimeOffset AuthTime, string Amr, DateTimeOffset ExpiresAt,
    string? AccountStep = null)
{
    // A code redeems only before ExpiresAt (RFC 9700 §4.5: codes are short-lived).
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}

public abstract record CodeRedemption
{
    public sealed record Redeemed(AuthorizationCode Code) : CodeRedemption;
    // The code was redeemed before: RFC 9700 §4.5 — refuse, and revoke what the first redemption issued.
    public sealed record Replayed(string? GrantId) : CodeRedemption;
    public sealed record Unknown : CodeRedemption;

    // A code that did not redeem now. One redeemed before is a replay even once it has expired, so a
    // late replay still revokes what the first redemption issued; anything else is unknown to the caller.
    public static CodeRedemption Refused(DateTimeOffset? redeemedAt, string? grantId) =>
        redeemedAt is null ? new Unknown() : new Replayed(grantId);
}
