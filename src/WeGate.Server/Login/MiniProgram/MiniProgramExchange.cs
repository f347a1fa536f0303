using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Errors;
using WeGate.Server.Login.Exchange;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Token;

namespace WeGate.Server.Login.MiniProgram;

// Flow 5 (docs/oidc.md#wechat-logins-by-token-exchange): a mini program exchanges its wx.login code — and, optionally, phone_code or the
// legacy encrypted_data/iv — for WeGate tokens with RFC 8693 token exchange (docs/oidc.md).
internal sealed class MiniProgramExchange(IConnectionStore connections, MiniProgramLogin login, WeChatExchange exchange) : ITokenExchangeHandler
{
    public const string TokenType = "urn:wegate:params:oauth:token-type:wechat-miniprogram-code";

    public string SubjectTokenType => TokenType;

    public async Task<(TokenResponse?, OAuthError?)> ExchangeAsync(string pool, Application client, IFormCollection form, HttpContext http, CancellationToken ct)
    {
        var (request, requestError) = ExchangeRequest.Parse(form);
        if (request is null)
            return (null, requestError);
        var (connection, connectionError) = await ConnectionChooser.ChooseAsync(connections, pool, client, form, ConnectionType.MiniProgram, ct);
        if (connection is null)
            return (null, connectionError);
        var proof = new MiniProgramProof(form["subject_token"].ToString(), Optional(form, "phone_code"), Optional(form, "encrypted_data"), Optional(form, "iv"));
        var (resolution, error) = await login.ResolveAsync(connection, proof, http, client.ClientId, ct);
        return resolution is null ? (null, error) : await exchange.TokensAsync(pool, client, resolution, "wechat-miniprogram", request, ct);
    }

    private static string? Optional(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v : null;
}
