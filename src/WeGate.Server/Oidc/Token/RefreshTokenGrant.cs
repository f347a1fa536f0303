using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Oidc.Token;

// RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each refresh token works once; presenting a rotated one
// means it was copied, so the whole grant is revoked.
internal sealed class RefreshTokenGrant(RefreshTokenStore refreshTokens, GrantStore grants, IUserStore users, TokenIssuer issuer, TimeProvider clock, ILogger<RefreshTokenGrant> logger)
{
    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, CancellationToken ct)
    {
        var presented = form["refresh_token"].ToString();
        if (presented.Length is 0 or > 256)
            return (null, OAuthError.InvalidRequest("refresh_token is required"));
        var successor = TokenIssuer.NewRefreshToken();
        var rotation = await refreshTokens.RotateAsync(pool, SecretHash.Hash(presented),
            old => old with { TokenHash = SecretHash.Hash(successor), ExpiresAt = clock.GetUtcNow().AddSeconds(client.Lifetimes.RefreshTokenSeconds) }, ct);
        if (rotation is RefreshRotation.Reused reused)
        {
            await grants.RevokeAsync(pool, reused.GrantId, ct);
            logger.LogWarning("Rotated refresh token reused by client {ClientId}; revoked grant {GrantId}", client.ClientId, reused.GrantId);
            return (null, OAuthError.InvalidGrant("This refresh token was already used; for safety every token of this grant is now revoked. Sign in again"));
        }
        if (rotation is not RefreshRotation.Rotated { Old: var old })
            return (null, OAuthError.InvalidGrant("The refresh token is unknown, expired or revoked"));

        if (old.ClientId != client.ClientId)
        {
            await grants.RevokeAsync(pool, old.GrantId, ct);
            return (null, OAuthError.InvalidGrant("The refresh token was issued to another client"));
        }
        var grant = await grants.GetAsync(pool, old.GrantId, ct);
        var user = await users.GetAsync(pool, old.UserId, ct);
        if (grant is null || grant.Revoked || user is null || user.Blocked)
            return (null, OAuthError.InvalidGrant("The grant was revoked or the user is blocked"));

        var scope = old.Scope;
        var requested = form["scope"].ToString();
        if (requested.Length > 0)
        {
            var granted = old.Scope.Split(' ');
            var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (asked.Any(s => !granted.Contains(s, StringComparer.Ordinal)))
                return (null, OAuthError.InvalidScope("A refresh can only narrow the scope that was granted (RFC 6749 §6)"));
            scope = string.Join(' ', asked.Distinct(StringComparer.Ordinal));
        }
        var tokens = await issuer.IssueAsync(new TokenRequestContext(pool, client, user.Id, grant.Id, scope, user.Id, old.SessionId, grant.AuthTime, grant.Amr),
            withRefreshToken: false, ct);
        return (tokens with { RefreshToken = successor }, null);
    }
}
