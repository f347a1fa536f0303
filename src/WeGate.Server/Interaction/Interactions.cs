using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Server.Errors;
using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Sessions;
using WeGate.Server.Pages;

namespace WeGate.Server.Interaction;

// The one seam between OpenID Connect and the logins. The authorization endpoint hands a request here
// (IInteraction); it is parked while the person signs in on the hosted pages, through any login flow;
// the flow ends it with CompleteAsync and the account resolver's answer, which becomes a session and a
// code, the account step, or a page that says what happened.
internal sealed class Interactions(ParkedRequests parked, SsoSessions sessions, AuthorizationResponses responses, ISignInCompletionStore completions,
    PendingArrivals pending, AuthSessions handOffs, TimeProvider clock)
    : IInteraction
{
    public async Task<IResult> SignInAsync(HttpContext http, string pool, AuthorizationRequest request, CancellationToken ct) =>
        new SeeOther($"/pools/{pool}/login?request={await parked.ParkAsync(pool, request, ct)}");

    public Task<IResult> HandOffAsync(HttpContext http, string pool, Application client, AuthorizationRequest request, string authSession, CancellationToken ct) =>
        handOffs.ContinueAsync(http, pool, client, request, authSession, ct);

    public async Task<IResult> CompleteAsync(HttpContext http, ParkedRequest request, Resolution resolution, string amr, CancellationToken ct)
    {
        switch (resolution)
        {
            case Resolution.SignedIn signedIn:
                var (session, cookie) = sessions.New(request.Pool, signedIn.User.Id, amr);
                var (code, redirect) = responses.NewCode(request.Pool, request.Request, session.UserId, session.Id, session.AuthTime, session.Amr, null);
                if (!await EndAsync(request, session, code, ct))
                    return LoginPage.Expired(http);
                SsoSessions.SetCookie(http, session, cookie);
                return redirect;
            case Resolution.Refused refused:
                return Page.Error(http, request.Texts(http.Request), WeGateErrors.SignInRefused.Error(refused.UserMessage));
            case Resolution.SelectAccount or Resolution.AskToBind:
                return AccountStep(http, request, ParkedArrival.Of(resolution), amr);
            default:
                throw new InvalidOperationException("Unknown resolution " + resolution.GetType().Name);
        }
    }

    // The account step, in the browser that holds the request (a ticket login's arrival waits on its ticket
    // until the login page takes it over).
    public IResult AccountStep(HttpContext http, ParkedRequest request, ParkedArrival arrival, string amr)
    {
        pending.Save(http, request.Pool, request.Id, arrival, amr);
        return new SeeOther($"/pools/{request.Pool}/login/account");
    }

    // A hand-off's account step: the code carries the decision, and no session starts in this browser,
    // which may not be the person's who started the exchange (AuthSessions).
    public async Task<IResult> CompleteLaterAsync(HttpContext http, ParkedRequest request, string? userId, string amr, string accountStep, CancellationToken ct)
    {
        var (code, redirect) = responses.NewCode(request.Pool, request.Request, userId, null, clock.GetUtcNow(), amr, accountStep);
        return await EndAsync(request, null, code, ct) ? redirect : LoginPage.Expired(http);
    }

    // The request ends once: a second completion of it (another tab, a form sent twice) finds it gone
    // and gets the expired page, and no second code exists.
    private async Task<bool> EndAsync(ParkedRequest request, Core.Sessions.SsoSession? session, AuthorizationCode code, CancellationToken ct)
    {
        var ended = await completions.CompleteAsync(request.Pool, request.Id, session, code, ct);
        parked.Forget(request);
        return ended;
    }
}
