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

    private async Task<IResult> IssueAsync(string pool, AuthorizationRequest request, string? userId, string? sessionId, DateTimeOffset authTime, string amr,
        string? accountStep, CancellationToken ct)
    {
        var (code, redirect) = NewCode(pool, request, userId, sessionId, authTime, amr, accountStep);
        await codes.CreateAsync(code, ct);
        return redirect;
    }

    // A code for the request and the redirect that carries it, not yet stored: a sign-in on the hosted
    // pages stores it with the rest of its completion (ISignInCompletionStore). accountStep is the step
    // the code's redemption takes first (IDeferredAccountStep); userId is null when that step creates the account.
    public (AuthorizationCode Code, IResult Redirect) NewCode(string pool, AuthorizationRequest request, string? userId, string? sessionId, DateTimeOffset authTime,
        string amr, string? accountStep)
    {
        var code = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new AuthorizationCode(SecretHash.Hash(code), pool, request.ClientId, userId, sessionId, request.RedirectUri,
            request.Scope, request.Nonce, request.CodeChallenge, request.CodeChallengeMethod, authTime, amr,
            clock.GetUtcNow().AddSeconds(options.Oidc.AuthorizationCodeSeconds), accountStep), Redirect(pool, request.RedirectUri, request.State, ("code", code)));
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
