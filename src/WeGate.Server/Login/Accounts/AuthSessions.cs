using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Authorize;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Login.Accounts;

// The hand-off from a token-exchange login (mini program, mobile app, app-launch) to the hosted account
// pages, when the resolver needs the person: account selection or ask to bind (docs/oidc.md).
// The token endpoint answers interaction_required with an auth_session (the word of the OAuth
// first-party apps draft); the application opens its ordinary authorization request in a browser
// with auth_session added, and the person lands on the account page without signing in to WeChat
// again. The code then goes to the application's registered redirect URI, redeemed with its PKCE
// verifier as usual. An auth_session is stored by hash, bound to its client, single use and lives
// 10 minutes: a leaked one is worth no more than the tokens the exchange would have given.
internal sealed class AuthSessions(AuthSessionStore store, PendingArrivals pending, AuthorizationResponses responses, TimeProvider clock)
{
    public const string Parameter = "auth_session";
    public const int HandleLength = 43; // 32 random bytes, base64url
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Parks an arrival that needs the person and says how to continue.
    public Task<OAuthError> HandOffAsync(string pool, Application client, Resolution resolution, string amr, CancellationToken ct) => resolution switch
    {
        Resolution.SelectAccount s => HandOffAsync(pool, client, PendingArrival.Of("", s.Arrival, s.Candidates.Select(u => u.Id).ToList(), amr, default), ct),
        Resolution.AskToBind b => HandOffAsync(pool, client, PendingArrival.Of("", b.Arrival, [], amr, default), ct),
        _ => throw new ArgumentException("Only account selection and ask to bind need the person", nameof(resolution)),
    };

    // Flow 7: the mini program's arrival, kept on the ticket until the app redeemed it.
    public Task<OAuthError> HandOffAsync(string pool, Application client, LoginTickets.ArrivalSnapshot a, string amr, CancellationToken ct) =>
        HandOffAsync(pool, client, new PendingArrival("", a.ConnectionSlug, a.OpenId, a.UnionId, a.VerifiedPhone, a.Nickname, a.AvatarUrl, a.Candidates, amr, default), ct);

    private async Task<OAuthError> HandOffAsync(string pool, Application client, PendingArrival parked, CancellationToken ct)
    {
        var handle = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow() + Lifetime;
        await store.CreateAsync(SecretHash.Hash(handle), pool, client.ClientId, JsonSerializer.Serialize(parked with { ExpiresAt = expiresAt }), expiresAt, ct);
        var select = parked.CandidateIds.Count > 0;
        var why = select ? "This WeChat user has more than one account here and must choose one"
            : "This WeChat user is not linked to an account yet and must create one or link an existing one";
        var canContinue = client.Grants.Contains(GrantType.AuthorizationCode) && client.RedirectUris.Count > 0;
        return new OAuthError("interaction_required",
            $"{why}. Open your authorization request in a browser with auth_session added (docs/oidc.md#when-the-person-must-choose); it is valid for {(int)Lifetime.TotalMinutes} minutes, once" +
            (canContinue ? "" : ". This application cannot do that yet: an administrator must give it the authorization_code grant and a redirect URI"))
        {
            Extra = new Dictionary<string, object>
            {
                [Parameter] = handle, ["interaction"] = select ? "select_account" : "bind_account", ["expires_in"] = (int)Lifetime.TotalSeconds,
            },
        };
    }

    // The authorization endpoint, given a valid request with auth_session: the parked arrival moves into
    // this browser (PendingArrivals) and the person is sent to the account page.
    public async Task<IResult> ContinueAsync(HttpContext http, string pool, Application client, AuthorizationRequest request, string handle, CancellationToken ct)
    {
        if (request.HasPrompt("none"))
            return responses.Error(pool, request.RedirectUri, request.State,
                new OAuthError("interaction_required", "auth_session needs the person on the account page; send the request without prompt=none"));
        var payload = handle.Length == HandleLength && handle.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? await store.TakeAsync(pool, client.ClientId, SecretHash.Hash(handle), ct)
            : null;
        if (payload is null)
            return responses.Error(pool, request.RedirectUri, request.State, OAuthError.InvalidRequest(
                "auth_session is unknown, used, expired or was issued to another application; exchange a new WeChat code to get a fresh one"));
        var parked = JsonSerializer.Deserialize<PendingArrival>(payload)!;
        var requestId = await AuthorizeEndpoint.ParkAsync(http.RequestServices, pool, request, ct);
        pending.Save(http, pool, parked with { RequestId = requestId, ExpiresAt = clock.GetUtcNow() + Lifetime });
        return new AuthorizationResponses.SeeOther($"/pools/{pool}/login/account");
    }
}
