using WeGate.Server.Errors;
using WeGate.Server.Oidc;

namespace WeGate.Server.Login.Exchange;

// What a token-exchange login asks for beside its WeChat proof: the scopes, and the PKCE challenge that
// binds a hand-off to the browser (auth_session) to this application: the account step decided there
// takes effect only when the code is redeemed with the matching verifier (docs/oidc.md#when-the-person-must-choose).
internal sealed record ExchangeRequest(string Scope, string? HandOffChallenge)
{
    // A token exchange asks for openid unless it names its scopes.
    public static (ExchangeRequest? Request, OAuthError? Error) Parse(IFormCollection form)
    {
        var challenge = form["code_challenge"].ToString() is { Length: > 0 } c ? c : null;
        if (challenge is not null && (form["code_challenge_method"].ToString() != "S256" || !Pkce.IsChallenge(challenge)))
            return (null, WeGateErrors.ExchangeChallengeMalformed.Error());
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
            return (new ExchangeRequest(Scopes.OpenId, challenge), null);
        var unknown = scopes.Where(s => !Scopes.Supported.Contains(s, StringComparer.Ordinal)).ToList();
        return unknown.Count > 0
            ? (null, Scopes.Unknown(unknown))
            : (new ExchangeRequest(string.Join(' ', scopes), challenge), null);
    }
}
