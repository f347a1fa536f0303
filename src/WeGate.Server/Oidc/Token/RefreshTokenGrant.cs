using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Token;

// RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each refresh token works once; presenting a rotated one
// means it was copied, so the whole grant is revoked. Everything is checked before the token rotates,
// so a refused refresh (a wider scope, a blocked user) leaves the token usable for a corrected retry.
internal sealed class RefreshTokenGrant(IRefreshTokenStore refreshTokens, IGrantStore grants, TokenIssuer issuer, TimeProvider clock, ILogger<RefreshTokenGrant> logger)
{
    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, CancellationToken ct)
    {
        var presented = form["refresh_token"].ToString();
        if (presented.Length is 0 or > 256)
            return (null, WeGateErrors.RefreshTokenMissing.Error());
        var presentedHash = SecretHash.Hash(presented);
        Grant? grant = null;
        var scope = "";
        if (await refreshTokens.FindLiveUseAsync(pool, presentedHash, ct) is { Token: var live } use)
        {
            if (live.ClientId != client.ClientId)
            {
                await grants.RevokeAsync(pool, live.GrantId, ct);
                return (null, WeGateErrors.RefreshTokenOfAnotherClient.Error());
            }
            grant = use.Grant;
            if (grant is null || grant.Revoked || !use.UserActive)
                return (null, WeGateErrors.GrantRevoked.Error());
            var end = issuer.GrantEnd(client, grant.CreatedAt);
            if (clock.GetUtcNow() >= end)
                return (null, WeGateErrors.RefreshLifetimeReached.Error($"This sign-in reached the absolute lifetime of its refresh tokens ({(end - grant.CreatedAt).TotalDays:0.#} days); sign in again"));
            if (RefreshToken.NarrowScope(live.Scope, form["scope"].ToString()) is not { } narrowed)
                return (null, WeGateErrors.RefreshScopeWidened.Error());
            scope = narrowed;
        }

        // Rotation checks liveness again atomically, so of two racing requests exactly one wins.
        var successor = TokenIssuer.NewRefreshToken();
        var rotation = await refreshTokens.RotateAsync(pool, presentedHash,
            old => old with { TokenHash = SecretHash.Hash(successor), ExpiresAt = issuer.RefreshExpiry(client, grant!.CreatedAt) }, ct);
        if (rotation is RefreshRotation.Reused reused)
        {
            await grants.RevokeAsync(pool, reused.GrantId, ct);
            logger.LogWarning("Rotated refresh token reused by client {ClientId}; revoked grant {GrantId}", client.ClientId, reused.GrantId);
            return (null, WeGateErrors.RefreshTokenReused.Error());
        }
        if (rotation is not RefreshRotation.Rotated { Old: var old } || grant is null)
            return (null, WeGateErrors.RefreshTokenUnknown.Error());

        var tokens = await issuer.IssueAsync(new TokenRequestContext(pool, client, old.UserId, grant.Id, scope, old.UserId, old.SessionId, grant.AuthTime, grant.Amr),
            withRefreshToken: false, ct);
        return (tokens with { RefreshToken = successor }, null);
    }
}
