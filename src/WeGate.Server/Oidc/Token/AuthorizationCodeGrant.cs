using System.Security.Cryptography;
using System.Text;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Token;

// RFC 6749 §4.1.3 with RFC 7636 and RFC 9700: one redemption per code; a replay is refused and revokes
// everything the first redemption issued; the PKCE verifier must match, and no downgrade is allowed.
internal sealed class AuthorizationCodeGrant(
    IAuthorizationCodeStore codes, IGrantStore grants, IUserStore users, TokenIssuer issuer, IDeferredAccountStep accountStep, ILogger<AuthorizationCodeGrant> logger)
{
    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, CancellationToken ct)
    {
        var presented = form["code"].ToString();
        if (presented.Length is 0 or > 256)
            return (null, WeGateErrors.CodeMissing.Error());
        var grantId = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(16));
        var redemption = await codes.RedeemAsync(pool, SecretHash.Hash(presented), grantId, ct);
        if (redemption is CodeRedemption.Replayed replayed)
        {
            if (replayed.GrantId is not null)
                await grants.RevokeAsync(pool, replayed.GrantId, ct);
            logger.LogWarning("Authorization code replayed by client {ClientId}; revoked grant {GrantId}", client.ClientId, replayed.GrantId);
            return (null, WeGateErrors.CodeReused.Error());
        }
        if (redemption is not CodeRedemption.Redeemed { Code: var code })
            return (null, WeGateErrors.CodeUnknown.Error());

        // From here the code is spent whatever happens: a failed check must not leave it redeemable.
        if (code.ClientId != client.ClientId)
            return (null, WeGateErrors.CodeOfAnotherClient.Error());
        if (form["redirect_uri"].ToString() != code.RedirectUri)
            return (null, WeGateErrors.RedirectUriMismatch.Error());
        if (VerifyPkce(code.CodeChallenge, form["code_verifier"].ToString()) is { } pkceError)
            return (null, pkceError);
        var userId = code.UserId;
        if (code.AccountStep is not null)
        {
            // Only now, with the verifier of the party that started the hand-off, does the account step take effect.
            var (committed, stepError) = await accountStep.CommitAsync(pool, client.ClientId, code.AccountStep, ct);
            if (stepError is not null)
                return (null, stepError);
            userId = committed;
        }
        var user = userId is null ? null : await users.GetAsync(pool, userId, ct);
        if (user is null || user.Blocked)
            return (null, WeGateErrors.CodeUserGone.Error());

        var grant = new Grant(grantId, pool, client.ClientId, user.Id, code.SessionId, code.Scope, default, false) { AuthTime = code.AuthTime, Amr = code.Amr };
        var tokens = await issuer.IssueAsync(new TokenRequestContext(pool, client, user.Id, grantId, code.Scope, user.Id, code.SessionId, code.AuthTime, code.Amr, code.Nonce),
            withRefreshToken: client.Grants.Contains(GrantType.RefreshToken), ct, newGrant: grant);
        return (tokens, null);
    }

    // RFC 7636 §4.6 with S256 only; a verifier without a challenge is a downgrade attempt (RFC 9700 §4.8.2).
    private static OAuthError? VerifyPkce(string? challenge, string verifier)
    {
        if (challenge is null)
            return verifier.Length == 0 ? null : WeGateErrors.VerifierWithoutChallenge.Error();
        if (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            return WeGateErrors.VerifierMalformed.Error();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(verifier), hash);
        var expected = Encoding.ASCII.GetBytes(challenge);
        var actual = Encoding.ASCII.GetBytes(SecretHash.Base64Url(hash));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : WeGateErrors.VerifierMismatch.Error();
    }
}
