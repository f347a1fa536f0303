using WeGate.Core.Accounts;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Login;
using WeGate.Server.Oidc.Sessions;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Login;

// Where a browser login flow ends: the account resolver's answer becomes a signed-in session and an
// authorization code for the waiting application, or a page that says what happened.
internal sealed class LoginCompletion(SsoSessions sessions, AuthorizationRequestStore requests, AuthorizationResponses responses, Accounts.PendingArrivals pending)
{
    public async Task<IResult> CompleteAsync(HttpContext http, string pool, string requestId, AuthorizationRequest request, Resolution resolution, string amr, CancellationToken ct)
    {
        var texts = Texts.For(request.UiLocales, http.Request);
        switch (resolution)
        {
            case Resolution.SignedIn signedIn:
                var session = await sessions.StartAsync(http, pool, signedIn.User.Id, amr, ct);
                await requests.DeleteAsync(requestId, ct);
                return await responses.CodeAsync(pool, request, session, ct);
            case Resolution.Refused refused:
                return Page.Error(http, texts, OAuthError.AccessDenied(refused.UserMessage), StatusCodes.Status403Forbidden);
            case Resolution.SelectAccount select:
                pending.Save(http, pool, requestId, select.Arrival, select.Candidates.Select(u => u.Id).ToList(), amr);
                return new AuthorizationResponses.SeeOther($"/pools/{pool}/login/account");
            case Resolution.AskToBind bind:
                pending.Save(http, pool, requestId, bind.Arrival, [], amr);
                return new AuthorizationResponses.SeeOther($"/pools/{pool}/login/account");
            default:
                throw new InvalidOperationException("Unknown resolution " + resolution.GetType().Name);
        }
    }

    // A hand-off's account step: the code carries the decision, and no session starts in this browser,
    // which may not be the person's who started the exchange (Accounts.AuthSessions).
    public async Task<IResult> CompleteLaterAsync(string pool, string requestId, AuthorizationRequest request, string? userId, string amr, string accountStep, CancellationToken ct)
    {
        await requests.DeleteAsync(requestId, ct);
        return await responses.DeferredCodeAsync(pool, request, userId, amr, accountStep, ct);
    }
}
