using System.Security.Cryptography;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Server.Errors;
using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Token;

namespace WeGate.Server.Login.Exchange;

// Where a token-exchange login (mini program, mobile app, app-launch) ends: the resolved account gets
// ordinary OIDC tokens under a new grant.
internal sealed class WeChatExchange(TokenIssuer issuer, AuthSessions handOff, TimeProvider clock)
{
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    public async Task<(TokenResponse?, OAuthError?)> TokensAsync(string pool, Application client, Resolution resolution, string amr, ExchangeRequest request, CancellationToken ct)
    {
        if (resolution is Resolution.Refused refused)
            return (null, WeGateErrors.LoginRefused.Error(refused.UserMessage));
        if (resolution is not Resolution.SignedIn { User: var user })
            return (null, await handOff.HandOffAsync(pool, client, resolution, amr, request.HandOffChallenge, ct));
        var scope = request.Scope;
        var grantId = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(16));
        var now = clock.GetUtcNow();
        var grant = new Grant(grantId, pool, client.ClientId, user.Id, null, scope, default, false) { AuthTime = now, Amr = amr };
        var tokens = await issuer.IssueAsync(new TokenRequestContext(pool, client, user.Id, grantId, scope, user.Id, null, now, amr),
            withRefreshToken: client.Grants.Contains(GrantType.RefreshToken), ct, newGrant: grant);
        return (tokens with { IssuedTokenType = AccessTokenType }, null);
    }
}
