namespace WeGate.Core.Authorization;

// Codes are stored by the hash of the code and redeemed once.
public interface IAuthorizationCodeStore
{
    Task CreateAsync(AuthorizationCode code, CancellationToken ct = default);

    // Marks the code redeemed for `grantId` and returns it, in one conditional statement, so of racing
    // redemptions exactly one wins: only while the code is unredeemed and not expired
    // (AuthorizationCode.IsExpiredAt). Otherwise answers CodeRedemption.Refused.
    Task<CodeRedemption> RedeemAsync(string pool, string codeHash, string grantId, CancellationToken ct = default);
}
