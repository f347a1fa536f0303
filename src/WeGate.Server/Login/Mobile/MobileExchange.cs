using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Login.Exchange;
using WeGate.Server.Login.Redirect;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Token;
using WeGate.WeChat.Client;
using WeGate.Core.Telemetry;

namespace WeGate.Server.Login.Mobile;

// Flow 6 (docs/oidc.md#wechat-logins-by-token-exchange, docs/wechat-contract.md#mobile-app-login): the WeChat SDK hands the app a code (SendAuth.Resp), the app
// exchanges it here for WeGate tokens with RFC 8693 token exchange. WeGate redeems it at
// sns/oauth2/access_token with the mobile app's AppID and AppSecret, which never leave the server.
internal sealed class MobileExchange(
    IConnectionStore connections, WeChatApiClient wechat, AccountResolver resolver, WeChatExchange exchange, ILogger<MobileExchange> logger) : ITokenExchangeHandler
{
    public const string TokenType = "urn:wegate:params:oauth:token-type:wechat-mobile-code";
    private const int MaxCodeLength = 128;

    public string SubjectTokenType => TokenType;

    public async Task<(TokenResponse?, OAuthError?)> ExchangeAsync(string pool, Application client, IFormCollection form, HttpContext http, CancellationToken ct)
    {
        var code = form["subject_token"].ToString();
        if (code.Length > MaxCodeLength)
            return (null, WeGateErrors.SubjectTokenTooLong.Error($"subject_token is at most {MaxCodeLength} characters"));
        var (request, requestError) = ExchangeRequest.Parse(form);
        if (request is null)
            return (null, requestError);
        var (connection, connectionError) = await ConnectionChooser.ChooseAsync(connections, pool, client, form, ConnectionType.Mobile, ct);
        if (connection is null)
            return (null, connectionError);
        var secret = (await connections.GetSecretsAsync(pool, connection.Slug, ct))?.AppSecret;
        if (secret is null)
            return (null, WeGateErrors.ConnectionHasNoSecret.Error() with { LogDetail = $"connection {connection.Pool}/{connection.Slug} has no AppSecret" });

        SnsToken token;
        try
        {
            token = await wechat.ExchangeCodeAsync(connection.AppId, secret, code, ct);
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            WeGateTelemetry.LoginFailedAtWeChat(connection.Pool, connection.Type);
            return (null, WeChatFailures.ToOAuthError(e, "mobile app login code", logger));
        }
        var profile = await SnsProfile.TryReadAsync(wechat, token, logger, ct);
        var resolution = await resolver.ResolveAsync(new WeChatArrival
        {
            Connection = connection, OpenId = token.OpenId, UnionId = token.UnionId ?? profile?.UnionId, Nickname = profile?.Nickname,
            AvatarUrl = SnsProfile.Avatar(profile), ClientId = client.ClientId,
            Ip = AuditEvents.Ip(http), UserAgent = AuditEvents.UserAgent(http),
        }, ct);
        return await exchange.TokensAsync(pool, client, resolution, "wechat-mobile", request, ct);
    }
}
