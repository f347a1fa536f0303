using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Core.Sessions;
using WeGate.Server.Errors;
using WeGate.Server.Hosting;
using WeGate.Server.Pages;

namespace WeGate.Server.Oidc.Authorize;

// Ends an authorization: a single-use code (stored by hash) or an error, sent back to the verified
// redirect URI with state and iss (RFC 9207, which stops mix-up attacks).
internal sealed class AuthorizationResponses(IAuthorizationCodeStore codes, Issuer issuer, WeGateOptions options, TimeProvider clock)
{
    public Task<IResult> CodeAsync(string pool, AuthorizationRequest request, SsoSession session, CancellationToken ct) =>
        IssueAsync(pool, request, session.UserId, session.Id, session.AuthTime, session.Amr, null, ct);

    // A code whose redemption first takes an account step decided on the hosted pages (IDeferredAccountStep);
    // no session is started in this browser. userId is null when the step creates the account.
    public Task<IResult> DeferredCodeAsync(string pool, AuthorizationRequest request, string? userId, string amr, string accountStep, CancellationToken ct) =>
        IssueAsync(pool, request, userId, null, clock.GetUtcNow(), amr, accountStep, ct);

    private async Task<IResult> IssueAsync(string pool, AuthorizationRequest request, string? userId, string? sessionId, DateTimeOffset authTime, string amr,
        string? accountStep, CancellationToken ct)
    {
        var code = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        await codes.CreateAsync(new AuthorizationCode(SecretHash.Hash(code), pool, request.ClientId, userId, sessionId, request.RedirectUri,
            request.Scope, request.Nonce, request.CodeChallenge, request.CodeChallengeMethod, authTime, amr,
            clock.GetUtcNow().AddSeconds(options.Oidc.AuthorizationCodeSeconds), accountStep), ct);
        return Redirect(pool, request.RedirectUri, request.State, ("code", code));
    }

    public IResult Error(string pool, string redirectUri, string? state, OAuthError error) =>
        Redirect(pool, redirectUri, state, ("error", error.Error), ("error_description", error.Description), ("error_uri", error.Entry.Uri(issuer.Base)));

    private SeeOther Redirect(string pool, string redirectUri, string? state, params (string Name, string Value)[] values)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
            query[name] = value;
        if (state is not null)
            query["state"] = state;
        query["iss"] = issuer.Of(pool);
        return new SeeOther(QueryHelpers.AddQueryString(redirectUri, query));
    }
}
