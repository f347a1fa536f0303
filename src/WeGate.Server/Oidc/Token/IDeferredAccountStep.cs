using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Token;

// An account step (link, choose, create) decided on the hosted pages for a token-exchange login that was
// handed to a browser. It takes effect only when the code is redeemed with the PKCE verifier of the
// application that started the exchange, so a person who opens someone else's hand-off link links
// nothing (docs/security.md#the-auth_session-hand-off). The login side implements it.
public interface IDeferredAccountStep
{
    // The account the step signed in to, or why it could not be taken any more.
    Task<(string? UserId, OAuthError? Error)> CommitAsync(string pool, string clientId, string accountStep, CancellationToken ct);
}
