namespace WeGate.Core.Authorization;

// Refresh tokens by the hash of the token. A live token is neither rotated, revoked nor expired
// (RefreshToken.IsExpiredAt).
public interface IRefreshTokenStore
{
    Task CreateAsync(RefreshToken token, CancellationToken ct = default);

    // Marks `presentedHash` rotated and stores `successor` (built from the old token by the caller's
    // function), in one transaction whose conditional UPDATE lets exactly one of two racing requests
    // win, if the old token was live. Otherwise answers RefreshRotation.Refused.
    Task<RefreshRotation> RotateAsync(string pool, string presentedHash, Func<RefreshToken, RefreshToken> successor, CancellationToken ct = default);

    // A live refresh token, for introspection and revocation.
    Task<RefreshToken?> FindLiveAsync(string pool, string tokenHash, CancellationToken ct = default);

    // A live refresh token with its grant (null if gone) and whether its user exists and is not
    // blocked, in one read: everything a refresh checks before the token rotates.
    Task<RefreshTokenUse?> FindLiveUseAsync(string pool, string tokenHash, CancellationToken ct = default);
}

public sealed record RefreshTokenUse(RefreshToken Token, Grant? Grant, bool UserActive);
