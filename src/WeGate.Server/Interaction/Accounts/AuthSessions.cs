using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Pages;
using WeGate.Core.Authorization;

namespace WeGate.Server.Interaction.Accounts;

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
internal sealed class AuthSessions(IAuthSessionStore store, PendingArrivals pending, ParkedRequests parked, AuthorizationResponses responses, TimeProvider clock)
{
    public const string Parameter = IInteraction.AuthSessionParameter;
    public const int HandleLength = 43; // 32 random bytes, base64url
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private sealed record HandOff(ParkedArrival Arrival, string Amr, string Challenge);

    // Parks an arrival that needs the person and says how to continue.
    public Task<OAuthError> HandOffAsync(string pool, Application client, Resolution resolution, string amr, string? challenge, CancellationToken ct) =>
        HandOffAsync(pool, client, ParkedArrival.Of(resolution), amr, challenge, ct);

    public async Task<OAuthError> HandOffAsync(string pool, Application client, ParkedArrival arrival, string amr, string? challenge, CancellationToken ct)
    {
        if (challenge is null)
            return ChallengeRequired(client);
        var handle = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow() + Lifetime;
        await store.CreateAsync(SecretHash.Hash(handle), pool, client.ClientId, JsonSerializer.Serialize(new HandOff(arrival, amr, challenge)), expiresAt, ct);
        var why = arrival.SelectsAccount ? "This WeChat user has more than one account here and must choose one"
            : "This WeChat user is not linked to an account yet and must create one or link an existing one";
        return WeGateErrors.AccountStepNeeded.Error(
            $"{why}. Open your authorization request in a browser with auth_session added and the code_challenge of this exchange " +
            $"(docs/oidc.md#when-the-person-must-choose); it is valid for {(int)Lifetime.TotalMinutes} minutes, once" + Unready(client)) with
        {
            Extra = new Dictionary<string, object>
            {
                [Parameter] = handle, ["interaction"] = arrival.SelectsAccount ? "select_account" : "bind_account", ["expires_in"] = (int)Lifetime.TotalSeconds,
            },
        };
    }

    // The person is needed, but the exchange sent no code_challenge to bind a hand-off to this application.
    public static OAuthError ChallengeRequired(Application client) => WeGateErrors.AccountStepNeedsChallenge.Error(
        "This WeChat user must choose or link an account in a browser. Send code_challenge (S256) with the token exchange to get an " +
        "auth_session, then open your authorization request with the same code_challenge (docs/oidc.md#when-the-person-must-choose)" + Unready(client));

    private static string Unready(Application client) => client.Grants.Contains(GrantType.AuthorizationCode) && client.RedirectUris.Count > 0 ? ""
        : ". This application cannot do that yet: an administrator must give it the authorization_code grant and a redirect URI";

    // The authorization endpoint, given a valid request with auth_session: the parked arrival moves into
    // this browser (PendingArrivals) and the person is sent to the account page.
    public async Task<IResult> ContinueAsync(HttpContext http, string pool, Application client, AuthorizationRequest request, string handle, CancellationToken ct)
    {
        if (request.HasPrompt("none"))
            return responses.Error(pool, request.RedirectUri, request.State,
                WeGateErrors.HandOffNeedsPerson.Error());
        var payload = handle.Length == HandleLength && handle.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? await store.TakeAsync(pool, client.ClientId, SecretHash.Hash(handle), ct)
            : null;
        var handOff = payload is null ? null : Read(payload);
        if (handOff is null)
            return responses.Error(pool, request.RedirectUri, request.State, WeGateErrors.HandOffUnknown.Error());
        // The code of this authorization must be redeemable only by the application that made the exchange.
        if (request.CodeChallenge != handOff.Challenge)
            return responses.Error(pool, request.RedirectUri, request.State, WeGateErrors.HandOffChallengeMismatch.Error());
        var requestId = await parked.ParkAsync(pool, request, ct);
        pending.Save(http, pool, requestId, handOff.Arrival, handOff.Amr, handOff.Challenge);
        return new SeeOther($"/pools/{pool}/login/account");
    }

    // A hand-off stored before this format reads as unknown: the application exchanges a new code.
    private static HandOff? Read(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<HandOff>(payload) is { Arrival: not null, Challenge: not null } handOff ? handOff : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
