using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;
using WeGate.WeChat.Client;
using WeGate.WeChat.Crypto;
using WeGate.Core.Telemetry;

namespace WeGate.Server.Login.MiniProgram;

// What a mini program sends to sign a person in: its wx.login code and, optionally, a phone number as
// a getPhoneNumber code (base library ≥ 2.21.2) or the legacy encryptedData/iv pair.
internal sealed record MiniProgramProof(string JsCode, string? PhoneCode = null, string? EncryptedData = null, string? Iv = null);

// The mini program's half of flows 3, 5 and 7: the proof becomes a resolved account. One place calls
// WeChat and the resolver, so every mini program login behaves the same.
internal sealed class MiniProgramLogin(IConnectionStore connections, WeChatApiClient wechat, AccessTokenCache tokens, AccountResolver resolver, ILogger<MiniProgramLogin> logger)
{
    public const int MaxCodeLength = 128;
    public const int MaxEncryptedDataLength = 4096;

    public async Task<(Resolution?, OAuthError?)> ResolveAsync(Connection connection, MiniProgramProof proof, HttpContext http, string? clientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.JsCode.Length is 0 or > MaxCodeLength || proof.PhoneCode?.Length > MaxCodeLength)
            return (null, WeGateErrors.MiniProgramCodeMissing.Error());
        if ((proof.EncryptedData is null) != (proof.Iv is null) || proof.EncryptedData?.Length > MaxEncryptedDataLength || proof.Iv?.Length > 64)
            return (null, WeGateErrors.EncryptedDataIncomplete.Error());
        var secret = (await connections.GetSecretsAsync(connection.Pool, connection.Slug, ct))?.AppSecret;
        if (secret is null)
            return (null, WeGateErrors.ConnectionHasNoSecret.Error() with { LogDetail = $"connection {connection.Pool}/{connection.Slug} has no AppSecret" });

        MiniProgramSession session;
        string? phone;
        try
        {
            session = await wechat.ExchangeJsCodeAsync(connection.AppId, secret, proof.JsCode, ct);
            phone = proof.PhoneCode is not null
                ? E164(await tokens.CallAsync(connection.AppId, secret, (token, c) => wechat.GetPhoneNumberAsync(token, proof.PhoneCode, session.OpenId, c), ct))
                : proof.EncryptedData is not null ? E164(WxBizDataCrypt.DecryptPhoneNumber(proof.EncryptedData, proof.Iv!, session.SessionKey, connection.AppId)) : null;
        }
        catch (WeChatCryptoException e)
        {
            return (null, WeGateErrors.EncryptedDataUnreadable.Error($"encrypted_data could not be decrypted with this login's session ({e.Error}); call wx.login and getPhoneNumber again"));
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            WeGateTelemetry.LoginFailedAtWeChat(connection.Pool, connection.Type);
            return (null, WeChatFailures.ToOAuthError(e, proof.PhoneCode is null ? "mini program login code" : "mini program login or phone code", logger));
        }

        var resolution = await resolver.ResolveAsync(new WeChatArrival
        {
            Connection = connection, OpenId = session.OpenId, UnionId = session.UnionId, VerifiedPhone = phone, ClientId = clientId,
            Ip = AuditEvents.Ip(http), UserAgent = AuditEvents.UserAgent(http),
        }, ct);
        return (resolution, null);
    }

    // docs/wechat-contract.md#phone-numbers: phoneNumber carries the country code for non-mainland numbers; purePhoneNumber
    // with countryCode gives E.164 in every case.
    internal static string E164(PhoneNumberInfo info) => "+" + info.CountryCode.TrimStart('+') + info.PurePhoneNumber;
}
