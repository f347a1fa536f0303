using WeGate.Core.Sessions;

namespace WeGate.Core.Authorization;

// The end of a sign-in on the hosted pages: the parked authorization request is taken, the single
// sign-on session starts (when the sign-in starts one) and the code is stored, in one transaction. Of
// two completions of one request (two tabs, a form sent twice, two nodes) exactly one wins; the other
// changes nothing.
public interface ISignInCompletionStore
{
    // False when the request is unknown, of another pool, expired, or already completed.
    Task<bool> CompleteAsync(string pool, string requestId, SsoSession? session, AuthorizationCode code, CancellationToken ct = default);
}
