using WeGate.Core.Applications;
using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Token;

// RFC 8693 token exchange: where the mini program, mobile app and app-launch logins plug in
// (docs/oidc.md#wechat-logins-by-token-exchange). Each registers a handler for its own subject_token_type URN.
public interface ITokenExchangeHandler
{
    string SubjectTokenType { get; }

    Task<(TokenResponse?, OAuthError?)> ExchangeAsync(string pool, Application client, IFormCollection form, HttpContext http, CancellationToken ct);
}

internal sealed class TokenExchangeGrant(IEnumerable<ITokenExchangeHandler> handlers)
{
    public async Task<(TokenResponse?, OAuthError?)> HandleAsync(string pool, Application client, IFormCollection form, HttpContext http, CancellationToken ct)
    {
        var type = form["subject_token_type"].ToString();
        if (type.Length == 0 || form["subject_token"].ToString().Length == 0)
            return (null, WeGateErrors.SubjectTokenMissing.Error());
        var handler = handlers.FirstOrDefault(h => h.SubjectTokenType == type);
        if (handler is null)
        {
            var known = string.Join(", ", handlers.Select(h => h.SubjectTokenType));
            return (null, WeGateErrors.SubjectTokenTypeNotSupported.Error($"subject_token_type '{type}' is not supported{(known.Length > 0 ? "; use one of " + known : "")}"));
        }
        return await handler.ExchangeAsync(pool, client, form, http, ct);
    }
}
