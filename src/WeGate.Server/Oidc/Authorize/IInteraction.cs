using WeGate.Core.Applications;

namespace WeGate.Server.Oidc.Authorize;

// Where the authorization endpoint sends a valid request that needs the person, in the manner of
// node-oidc-provider's interactions: the hosted login page, or the account step of a token-exchange
// login handed to this browser (auth_session, docs/oidc.md#when-the-person-must-choose). The
// interaction ends with AuthorizationResponses, so OIDC never needs to know how the person signed in.
internal interface IInteraction
{
    // The request parameter that continues a token-exchange login's hand-off.
    public const string AuthSessionParameter = "auth_session";

    Task<IResult> SignInAsync(HttpContext http, string pool, AuthorizationRequest request, CancellationToken ct);

    Task<IResult> HandOffAsync(HttpContext http, string pool, Application client, AuthorizationRequest request, string authSession, CancellationToken ct);
}
