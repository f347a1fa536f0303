using System.Globalization;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Server.Login.OfficialAccountFollow;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;
using static WeGate.Server.Connections.DoctorCheck;
using ConnectionMessageMode = WeGate.Core.Connections.MessageMode;
using WireMode = WeGate.WeChat.Messages.MessageMode;

namespace WeGate.Server.Connections;

// The doctor's checks of an oa-follow connection's server URL (docs/logins.md#1-follow-official-account-oa-follow):
// it calls WeGate's own URL at PublicUrl as WeChat would, the signed echostr check of 服务器配置 and then
// a signed push in the connection's message mode; and it reads WeGate's audit log for pushes that
// WeChat sent and WeGate refused, which is how a Token or EncodingAESKey that differs in WeChat's
// console shows: WeChat has no API that tells the doctor what is configured there.
internal sealed class OfficialAccountServerCheck(IHttpClientFactory http, IAuditSearch audit, TimeProvider clock)
{
    public const string HttpClientName = "doctor";
    private const string Pushes = "wechat_pushes";

    public async Task<IReadOnlyList<DoctorCheck>> CheckAsync(Connection c, ConnectionSecrets secrets, ConnectionUrls urls, CancellationToken ct)
    {
        var url = urls.OfficialAccountServer;
        if (!c.Enabled)
            return [Failed("server_url", "The connection is disabled, so WeGate answers WeChat's calls to its server URL with 404.", "Enable the connection."),
                Skip("message_mode", "Not checked: the connection is disabled."), await RejectedPushesAsync(c, ct)];
        var account = new CallbackAccount(secrets.Token ?? "", c.AppId, Mode(c.Settings.MessageMode),
            EncodingAesKey.TryParse(secrets.EncodingAesKey, out var key) ? key : null);
        var sender = new CallbackSender(account, clock);
        var echo = await EchoAsync(sender, url, ct);
        var mode = echo.Outcome == Pass
            ? await PushAsync(c, sender, url, ct)
            : Skip("message_mode", "Not checked: the server URL did not answer the echostr check.");
        return [echo, mode, await RejectedPushesAsync(c, ct)];
    }

    private async Task<DoctorCheck> EchoAsync(CallbackSender sender, string url, CancellationToken ct)
    {
        const string Id = "server_url";
        var echostr = Random.Shared.NextInt64(1_000_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var query = sender.ComposeVerification(clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture));
        var (status, body, error) = await SendAsync(HttpMethod.Get, $"{url}?{query.ToQueryString()}&echostr={echostr}", null, ct);
        if (error is not null)
            return Failed(Id, $"Nothing answered at {url}: {error}",
                "WeGate:PublicUrl must be the address at which WeChat reaches this WeGate. Check DNS, TLS and the reverse proxy in front of WeGate.");
        if (status == 200 && body == echostr)
            return Passed(Id, $"{url} answered a signed echostr check as WeChat expects when you save the server configuration.");
        return Failed(Id, $"{url} answered the signed echostr check with HTTP {status}: {Clip(body)}", status switch
        {
            404 => "PublicUrl leads to a server that does not know this connection: it must lead to this WeGate, with the path unchanged by the proxy.",
            401 => "That server does not sign with this connection's Token: PublicUrl leads to another WeGate, or its clock is more than 5 minutes off.",
            _ => "PublicUrl must lead to this WeGate; check the reverse proxy in front of it.",
        });
    }

    // A chat message, which is not a login: WeGate opens it in the connection's mode and answers success.
    private async Task<DoctorCheck> PushAsync(Connection c, CallbackSender sender, string url, CancellationToken ct)
    {
        const string Id = "message_mode";
        var mode = c.Settings.MessageMode ?? ConnectionMessageMode.Plaintext;
        var message = new InboundMessage
        {
            ToUserName = c.Settings.OriginalId ?? "gh_wegatedoctor", FromUserName = "wegate-doctor", CreateTime = clock.GetUtcNow().ToUnixTimeSeconds(),
            MsgType = "text", MsgId = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
            Elements = new Dictionary<string, string> { ["Content"] = "WeGate connection doctor" },
        };
        var push = sender.Compose(message);
        var (status, body, error) = await SendAsync(HttpMethod.Post, $"{url}?{push.Query.ToQueryString()}", push.Body, ct);
        if (status == 200)
        {
            try
            {
                sender.ReadReply(body);
                return Passed(Id, $"WeGate opened a signed {mode}-mode push at the server URL and answered it as WeChat expects.");
            }
            catch (WeChatMessageException e)
            {
                return Failed(Id, $"WeGate answered a {mode}-mode push with a reply WeChat would refuse: {e.Message}", "This is a defect of WeGate: report it.");
            }
        }
        return Failed(Id, $"The server URL refused a signed {mode}-mode push with {(error ?? $"HTTP {status}: {Clip(body)}")}",
            "PublicUrl must lead to this WeGate, and nothing between WeChat and WeGate may change the body of a POST.");
    }

    // Pushes refused since the connection last changed: a fix made in the connection clears this check.
    private async Task<DoctorCheck> RejectedPushesAsync(Connection c, CancellationToken ct)
    {
        var rejected = (await audit.SearchAsync(c.Pool, new AuditFilter { ConnectionSlug = c.Slug, Outcome = AuditOutcome.Failure, From = c.UpdatedAt, Limit = 200 }, ct))
            .FirstOrDefault(e => e.Type == FollowAudit.CallbackRejected);
        if (rejected is null)
            return Passed(Pushes, "No call from WeChat to the server URL was refused since the connection last changed (from WeGate's audit log).", inferred: true);
        var reason = (rejected.Reason ?? "").TrimEnd('.');
        var when = rejected.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var summary = $"At {when} UTC WeGate refused a call to the server URL: {reason}.";
        string fix;
        if (reason.Contains(nameof(WeChatMessageError.InvalidMsgSignature), StringComparison.Ordinal)
            || reason.Contains(nameof(WeChatMessageError.DecryptionFailed), StringComparison.Ordinal)
            || reason.Contains(nameof(WeChatMessageError.AppIdMismatch), StringComparison.Ordinal))
            fix = "The EncodingAESKey in the official account's 服务器配置 differs from the connection's: make them the same (the value on this page).";
        else if (reason.Contains(nameof(WeChatMessageError.EncryptionRequired), StringComparison.Ordinal)
                 || reason.Contains(nameof(WeChatMessageError.EncryptionNotConfigured), StringComparison.Ordinal))
            fix = "The message mode (消息加解密方式) in the official account's 服务器配置 differs from the connection's: choose the same one in both.";
        else if (reason.Contains(nameof(WeChatMessageError.InvalidSignature), StringComparison.Ordinal))
            fix = "The Token in the official account's 服务器配置 differs from the connection's: paste the connection's Token there (or WeChat's into the connection).";
        else if (reason.Contains("addressed to", StringComparison.Ordinal))
            fix = "The pushes come from another official account than the connection's original id: correct original_id, or the AppID.";
        else if (reason.Contains("timestamp", StringComparison.Ordinal))
            fix = "This server's clock is more than 5 minutes off: synchronise it (NTP).";
        else
            fix = "See the audit log's wechat.callback.rejected events of this connection.";
        return Failed(Pushes, summary, fix, inferred: true);
    }

    private async Task<(int Status, string Body, string? Error)> SendAsync(HttpMethod method, string url, string? body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "text/xml");
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (0, "", e.Message);
        }
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static WireMode Mode(string? mode) => mode switch
    {
        ConnectionMessageMode.Safe => WireMode.Safe,
        ConnectionMessageMode.Compatible => WireMode.Compatible,
        _ => WireMode.Plaintext,
    };
}
