using System.Collections.Concurrent;
using System.Security.Cryptography;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Authorize;
using WeGate.Storage.Caching;

namespace WeGate.Server.Oidc.Token;

// RFC 6749 §4.4: a confidential client acting for itself. It gets only the API scopes and resources
// (RFC 8707) its administrator listed; asking for none gives all its API scopes. The token's subject is
// "client:" + the client id, which no user id can equal (user ids are 32 hexadecimal characters), so a
// resource server can never take a machine for a person (docs/oidc.md#client-credentials).
//
// The tokens of one application and scope share a grant instead of writing one per token: this node
// remembers the grant it opened and checks that it is still live before reusing it, through the read
// cache (docs/configuration.md#settings). Revoking a token (RFC 7009 §2: revocation may reach the tokens
// of the same grant), disabling or deleting the application revokes the grant, and the next request
// opens a new one.
internal sealed class ClientCredentialsGrant(IGrantStore grants, TokenIssuer issuer, ReadCache cache)
{
    public const string SubjectPrefix = "client:";
    private const int MaxResources = 10;
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<(string Pool, string ClientId, string Scope), string> _grants = new();

    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, CancellationToken ct)
    {
        if (!client.IsConfidential)
            return (null, WeGateErrors.ClientCredentialsNeedsSecret.Error());
        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var userScopes = requested.Where(s => Scopes.Supported.Contains(s, StringComparer.Ordinal)).ToList();
        if (userScopes.Count > 0)
            return (null, WeGateErrors.ClientCredentialsUserScope.Error($"client_credentials acts for no user, so it cannot have {string.Join(", ", userScopes)}"));
        var refused = requested.Where(s => !client.ApiScopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (refused.Count > 0)
            return (null, WeGateErrors.ApiScopeNotAllowed.Error($"This application may not ask for {string.Join(", ", refused)}; " +
                (client.ApiScopes.Count == 0 ? "it has no api_scopes: an administrator lists them on the application" : "its api_scopes are " + string.Join(" ", client.ApiScopes))));
        var (resources, resourceError) = Resources(client, form);
        if (resourceError is not null)
            return (null, resourceError);

        var scope = string.Join(' ', requested.Count > 0 ? requested : client.ApiScopes);
        var grantId = await GrantOfAsync(pool, client.ClientId, scope, ct);
        return (await issuer.IssueAsync(new TokenRequestContext(pool, client, SubjectPrefix + client.ClientId, grantId, scope) { Audiences = resources! },
            withRefreshToken: false, ct), null);
    }

    private async Task<string> GrantOfAsync(string pool, string clientId, string scope, CancellationToken ct)
    {
        var key = (pool, clientId, scope);
        if (_grants.TryGetValue(key, out var known)
            && await cache.GetAsync(("machine-grant", pool, known), c => grants.GetAsync(pool, known, c), ct) is { Revoked: false })
            return known;
        var grantId = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(16));
        await grants.CreateAsync(new Grant(grantId, pool, clientId, null, null, scope, default, false), ct);
        if (_grants.Count >= MaxRemembered)
            _grants.Clear(); // many applications or scope orders: forgetting only costs a new grant each
        _grants[key] = grantId;
        return grantId;
    }

    // RFC 8707 §2: resource may repeat; each is an absolute URI without a fragment, and here one the
    // application lists. A wrong one is invalid_target.
    private static (IReadOnlyList<string>?, OAuthError?) Resources(Application client, IFormCollection form)
    {
        var resources = form["resource"].Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).Distinct(StringComparer.Ordinal).ToList();
        if (resources.Count > MaxResources)
            return (null, WeGateErrors.TooManyResources.Error($"At most {MaxResources} resource values are accepted"));
        foreach (var resource in resources)
        {
            if (!Uri.TryCreate(resource, UriKind.Absolute, out _) || resource.Contains('#', StringComparison.Ordinal))
                return (null, WeGateErrors.ResourceMalformed.Error());
            if (!client.Resources.Contains(resource, StringComparer.Ordinal))
                return (null, WeGateErrors.ResourceNotAllowed.Error($"This application may not ask for a token for '{resource}'; " +
                    (client.Resources.Count == 0 ? "it lists no resources" : "its resources are " + string.Join(" ", client.Resources))));
        }
        return (resources, null);
    }
}
