using System.Security.Cryptography;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc.Authorize;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Oidc.Token;

// RFC 6749 §4.4: a confidential client acting for itself; the token's subject is the client id and no
// user scopes are granted.
internal sealed class ClientCredentialsGrant(GrantStore grants, TokenIssuer issuer)
{
    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, CancellationToken ct)
    {
        if (!client.IsConfidential)
            return (null, OAuthError.UnauthorizedClient("client_credentials needs a confidential client"));
        var scope = string.Join(' ', form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal));
        var userScopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => Scopes.Supported.Contains(s, StringComparer.Ordinal)).ToList();
        if (userScopes.Count > 0)
            return (null, OAuthError.InvalidScope($"client_credentials acts for no user, so it cannot have {string.Join(", ", userScopes)}"));
        var grantId = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(16));
        await grants.CreateAsync(new Grant(grantId, pool, client.ClientId, null, null, scope, default, false), ct);
        return (await issuer.IssueAsync(new TokenRequestContext(pool, client, client.ClientId, grantId, scope), withRefreshToken: false, ct), null);
    }
}
