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
// again. The code then goes to the application's registered redirect URI.
// An auth_session is a link anyone can open, so it is bound to the application that started the
// exchange: the exchange carries a PKCE code_challenge, the authorization request must carry the same,
// and what the person decides on the account page (link, choose, create) takes effect only when the
// code is redeemed with the matching verifier (DeferredAccountSteps). Someone who sends their hand-off
// link to another person cannot get their WeChat linked to that person's account: the code lands on the
// other person's device, useless without the verifier (docs/security.md#the-auth_session-hand-off).
// Stored by hash, bound to its client, single use, 10 minutes.
internal sealed class AuthSessions(AuthSessionStore store, PendingArrivals pending, AuthorizationResponses responses, TimeProvider clock)
{
    public const string Parameter = "auth_session";
    public const int HandleLength = 43; // 32 random bytes, base64url
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Parks an arrival that needs the person and says how to continue.
    public async Task<OAuthError> HandOffAsync(string pool, Application client, Resolution resolution, string amr, string? challenge, CancellationToken ct) => resolution switch
    {
        _ when challenge is null => ChallengeRequired(client),
        Resolution.SelectAccount s => await HandOffAsync(pool, client, PendingArrival.Of("", s.Arrival, s.Candidates.Select(u => u.Id).ToList(), amr, default), challenge, ct),
        Resolution.AskToBind b => await HandOffAsync(pool, client, PendingArrival.Of("", b.Arrival, [], amr, default), challenge, ct),
        _ => throw new ArgumentException("Only account selection and ask to bind need the person", nameof(resolution)),
    };

    // Flow 7: the mini program's arrival, kept on the ticket until the app redeemed it.
    public Task<OAuthError> HandOffAsync(string pool, Application client, LoginTickets.ArrivalSnapshot a, string amr, string challenge, CancellationToken ct) =>
        HandOffAsync(pool, client, new PendingArrival("", a.ConnectionSlug, a.OpenId, a.UnionId, a.VerifiedPhone, a.Nickname, a.AvatarUrl, a.Candidates, amr, default), challenge, ct);

    // The person is needed, but the exchange sent no code_challenge to bind a hand-off to this application.
    public static OAuthError ChallengeRequired(Application client) => new("interaction_required",
        "This WeChat user must choose or link an account in a browser. Send code_challenge (S256) with the token exchange to get an " +
        "auth_session, then open your authorization request with the same code_challenge (docs/oidc.md#when-the-person-must-choose)" + Unready(client));

    private static string Unready(Application client) => client.Grants.Contains(GrantType.AuthorizationCode) && client.RedirectUris.Count > 0 ? ""
        : ". This application cannot do that yet: an administrator must give it the authorization_code grant and a redirect URI";

    private async Task<OAuthError> HandOffAsync(string pool, Application client, PendingArrival parked, string challenge, CancellationToken ct)
    {
        parked = parked with { HandOffChallenge = challenge };
        var handle = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow() + Lifetime;
        await store.CreateAsync(SecretHash.Hash(handle), pool, client.ClientId, JsonSerializer.Serialize(parked with { ExpiresAt = expiresAt }), expiresAt, ct);
        var select = parked.CandidateIds.Count > 0;
        var why = select ? "This WeChat user has more than one account here and must choose one"
            : "This WeChat user is not linked to an account yet and must create one or link an existing one";
        return new OAuthError("interaction_required",
            $"{why}. Open your authorization request in a browser with auth_session added and the code_challenge of this exchange " +
            $"(docs/oidc.md#when-the-person-must-choose); it is valid for {(int)Lifetime.TotalMinutes} minutes, once" + Unready(client))
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
        // The code of this authorization must be redeemable only by the application that made the exchange.
        if (parked.HandOffChallenge is null || request.CodeChallenge != parked.HandOffChallenge)
            return responses.Error(pool, request.RedirectUri, request.State, OAuthError.InvalidRequest(
                "auth_session must be continued with the code_challenge that was sent with its token exchange; exchange a new WeChat code to get a fresh one"));
        var requestId = await AuthorizeEndpoint.ParkAsync(http.RequestServices, pool, request, ct);
        pending.Save(http, pool, parked with { RequestId = requestId, ExpiresAt = clock.GetUtcNow() + Lifetime });
        return new AuthorizationResponses.SeeOther($"/pools/{pool}/login/account");
    }
}
