using System.Text.Json.Nodes;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Server.Oidc.Keys;
using WeGate.Server.Oidc.Token;

namespace WeGate.Server.Oidc.Introspection;

// What a presented token is, for introspection and revocation: a live access token (a valid JWT of a
// live grant) or a live refresh token. Anything else — unsigned, encrypted, malformed, expired,
// revoked, of a disabled or deleted application, of a blocked or deleted user — is simply not a live
// token. Blocking and disabling revoke the grants too; checking here as well keeps it so for tokens
// of a grant that a revocation missed.
internal sealed record FoundToken(string Kind, string GrantId, string ClientId, JsonObject? AccessTokenClaims, RefreshToken? Refresh);

internal sealed class TokenLookup(ISigningKeys keys, Issuer issuer, IGrantStore grants, IRefreshTokenStore refreshTokens, IApplicationStore applications, IUserStore users)
{
    public const string AccessToken = "access_token";
    public const string RefreshTokenKind = "refresh_token";

    public async Task<FoundToken?> FindAsync(string pool, string token, string? hint, CancellationToken ct)
    {
        if (token.Length is 0 or > 16 * 1024)
            return null;
        // The hint only orders the lookups (RFC 7662 §2.1, RFC 7009 §2.1).
        return hint == RefreshTokenKind
            ? await RefreshAsync(pool, token, ct) ?? await AccessAsync(pool, token, ct)
            : await AccessAsync(pool, token, ct) ?? await RefreshAsync(pool, token, ct);
    }

    private async Task<FoundToken?> AccessAsync(string pool, string token, CancellationToken ct)
    {
        if (token.Count(c => c == '.') != 2)
            return null;
        var check = await keys.ValidateAsync(pool, token, issuer.Of(pool), TokenIssuer.AccessTokenType, ct);
        if (!check.Valid || check.Payload is not { } claims || (string?)claims["gid"] is not { } grantId || (string?)claims["client_id"] is not { } clientId)
            return null;
        return await IsLiveAsync(pool, grantId, ct) ? new FoundToken(AccessToken, grantId, clientId, claims, null) : null;
    }

    private async Task<FoundToken?> RefreshAsync(string pool, string token, CancellationToken ct)
    {
        var refresh = await refreshTokens.FindLiveAsync(pool, SecretHash.Hash(token), ct);
        if (refresh is null)
            return null;
        return await IsLiveAsync(pool, refresh.GrantId, ct) ? new FoundToken(RefreshTokenKind, refresh.GrantId, refresh.ClientId, null, refresh) : null;
    }

    public async Task<bool> IsLiveAsync(string pool, string grantId, CancellationToken ct)
    {
        var grant = await grants.GetAsync(pool, grantId, ct);
        if (grant is null || grant.Revoked || await applications.GetAsync(pool, grant.ClientId, ct) is not { Enabled: true })
            return false;
        return grant.UserId is null || await users.GetAsync(pool, grant.UserId, ct) is { Blocked: false };
    }
}
