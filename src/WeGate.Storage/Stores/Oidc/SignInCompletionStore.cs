using Dapper;
using WeGate.Core.Authorization;
using WeGate.Core.Sessions;

namespace WeGate.Storage.Stores.Oidc;

// The request's DELETE decides a race: the completion that removes the row goes on to store the session
// and the code; the other found nothing to remove and writes nothing (docs/architecture.md#writes).
public sealed class SignInCompletionStore(Database db, TimeProvider clock) : ISignInCompletionStore
{
    public Task<bool> CompleteAsync(string pool, string requestId, SsoSession? session, AuthorizationCode code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var now = Epoch.Ms(clock.GetUtcNow());
        return db.TransactAsync(async (c, tx) =>
        {
            var taken = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM authorization_requests WHERE id = @requestId AND pool = @pool AND expires_at > @now",
                new { requestId, pool, now }, tx, cancellationToken: ct));
            if (taken == 0)
                return false;
            if (session is not null)
                await SessionStore.InsertAsync(c, tx, session, now, ct);
            await AuthorizationCodeStore.InsertAsync(c, tx, code, now, ct);
            return true;
        }, ct);
    }
}
