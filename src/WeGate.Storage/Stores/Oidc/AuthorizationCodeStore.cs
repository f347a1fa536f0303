using System.Data.Common;
using Dapper;
using WeGate.Core.Authorization;

namespace WeGate.Storage.Stores.Oidc;

// Codes are stored by hash and redeemed once: the UPDATE … WHERE redeemed_at IS NULL decides a race.
public sealed class AuthorizationCodeStore(Database db, TimeProvider clock) : IAuthorizationCodeStore
{
    public async Task CreateAsync(AuthorizationCode code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.WriteAsync((c, tx) => InsertAsync(c, tx, code, now, ct), ct);
    }

    // The one INSERT of a code, also run inside a sign-in's completion (SignInCompletionStore).
    internal static Task<int> InsertAsync(DbConnection c, DbTransaction? tx, AuthorizationCode code, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO authorization_codes (code_hash, pool, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge,
                code_challenge_method, auth_time, amr, created_at, expires_at, account_step)
            VALUES (@CodeHash, @Pool, @ClientId, @UserId, @SessionId, @RedirectUri, @Scope, @Nonce, @CodeChallenge,
                @CodeChallengeMethod, @authTime, @Amr, @now, @expires, @AccountStep)
            """,
            new
            {
                code.CodeHash, code.Pool, code.ClientId, code.UserId, code.SessionId, code.RedirectUri, code.Scope, code.Nonce, code.CodeChallenge,
                code.CodeChallengeMethod, authTime = Epoch.Ms(code.AuthTime), code.Amr, now, expires = Epoch.Ms(code.ExpiresAt), code.AccountStep,
            }, tx, cancellationToken: ct));

    public async Task<CodeRedemption> RedeemAsync(string pool, string codeHash, string grantId, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.WriteAsync<CodeRedemption>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                """
                UPDATE authorization_codes SET redeemed_at = @now, grant_id = @grantId
                WHERE code_hash = @codeHash AND pool = @pool AND redeemed_at IS NULL AND expires_at > @now
                RETURNING code_hash, pool, client_id, user_id, session_id, redirect_uri, scope, nonce, code_challenge, code_challenge_method, auth_time, amr, expires_at, account_step
                """, new { pool, codeHash, grantId, now }, tx, cancellationToken: ct));
            if (row is not null)
                return new CodeRedemption.Redeemed(row.ToCode());
            var earlier = await c.QuerySingleOrDefaultAsync<Earlier>(new CommandDefinition(
                "SELECT redeemed_at, grant_id FROM authorization_codes WHERE code_hash = @codeHash AND pool = @pool", new { pool, codeHash }, tx, cancellationToken: ct));
            return CodeRedemption.Refused(Epoch.At(earlier?.RedeemedAt), earlier?.GrantId);
        }, ct);
    }

    private sealed class Earlier
    {
        public long? RedeemedAt { get; set; }
        public string? GrantId { get; set; }
    }

    private sealed class Row
    {
        public string CodeHash { get; set; } = "";
        public string Pool { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string? UserId { get; set; }
        public string? SessionId { get; set; }
        public string RedirectUri { get; set; } = "";
        public string Scope { get; set; } = "";
        public string? Nonce { get; set; }
        public string? CodeChallenge { get; set; }
        public string? CodeChallengeMethod { get; set; }
        public long AuthTime { get; set; }
        public string Amr { get; set; } = "";
        public long ExpiresAt { get; set; }
        public string? AccountStep { get; set; }

        public AuthorizationCode ToCode() => new(CodeHash, Pool, ClientId, UserId, SessionId, RedirectUri, Scope, Nonce, CodeChallenge,
            CodeChallengeMethod, Epoch.At(AuthTime), Amr, Epoch.At(ExpiresAt), AccountStep);
    }
}
