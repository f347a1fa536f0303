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

    public async Task<IReadOnlyList<DoctorCheck>> CheckAsync(DoctorTexts t, Connection c, ConnectionSecrets secrets, ConnectionUrls urls, CancellationToken ct)
    {
        var url = urls.OfficialAccountServer;
        if (!c.Enabled)
            return [Failed("server_url", t["server_disabled"], t["enable"]), Skip("message_mode", t["mode_skipped_disabled"]), await RejectedPushesAsync(t, c, ct)];
        var account = new CallbackAccount(secrets.Token ?? "", c.AppId, Mode(c.Settings.MessageMode),
            EncodingAesKey.TryParse(secrets.EncodingAesKey, out var key) ? key : null);
        var sender = new CallbackSender(account, clock);
        var echo = await EchoAsync(t, sender, url, ct);
        var mode = echo.Outcome == Pass ? await PushAsync(t, c, sender, url, ct) : Skip("message_mode", t["mode_skipped_echo"]);
        return [echo, mode, await RejectedPushesAsync(t, c, ct)];
    }

    private async Task<DoctorCheck> EchoAsync(DoctorTexts t, CallbackSender sender, string url, CancellationToken ct)
    {
        const string Id = "server_url";
        var echostr = Random.Shared.NextInt64(1_000_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var query = sender.ComposeVerification(clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture));
        var (status, body, error) = await SendAsync(HttpMethod.Get, $"{url}?{query.ToQueryString()}&echostr={echostr}", null, ct);
        if (error is not null)
            return Failed(Id, t.Format("echo_nothing", url, error), t["echo_nothing_fix"]);
        if (status == 200 && body == echostr)
            return Passed(Id, t.Format("echo_passed", url));
        return Failed(Id, t.Format("echo_failed", url, status, Clip(body)), t[status switch
        {
            404 => "echo_404",
            401 => "echo_401",
            _ => "echo_other",
        }]);
    }

    // A chat message, which is not a login: WeGate opens it in the connection's mode and answers success.
    private async Task<DoctorCheck> PushAsync(DoctorTexts t, Connection c, CallbackSender sender, string url, CancellationToken ct)
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
                return Passed(Id, t.Format("mode_passed", mode));
            }
            catch (WeChatMessageException e)
            {
                return Failed(Id, t.Format("mode_bad_reply", mode, e.Message), t["defect"]);
            }
        }
        return Failed(Id, t.Format("mode_refused", mode, error ?? $"HTTP {status}: {Clip(body)}"), t["mode_refused_fix"]);
    }

    // Pushes refused since the connection last changed: a fix made in the connection clears this check.
    private async Task<DoctorCheck> RejectedPushesAsync(DoctorTexts t, Connection c, CancellationToken ct)
    {
        var rejected = (await audit.SearchAsync(c.Pool, new AuditFilter { ConnectionSlug = c.Slug, Outcome = AuditOutcome.Failure, From = c.UpdatedAt, Limit = 200 }, ct))
            .FirstOrDefault(e => e.Type == FollowAudit.CallbackRejected);
        if (rejected is null)
            return Passed(Pushes, t["pushes_passed"], inferred: true);
        var reason = (rejected.Reason ?? "").TrimEnd('.');
        var when = rejected.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var summary = t.Format("pushes_failed", when, reason);
        string fix;
        if (reason.Contains(nameof(WeChatMessageError.InvalidMsgSignature), StringComparison.Ordinal)
            || reason.Contains(nameof(WeChatMessageError.DecryptionFailed), StringComparison.Ordinal)
            || reason.Contains(nameof(WeChatMessageError.AppIdMismatch), StringComparison.Ordinal))
            fix = t["pushes_aes"];
        else if (reason.Contains(nameof(WeChatMessageError.EncryptionRequired), StringComparison.Ordinal)
                 || reason.Contains(nameof(WeChatMessageError.EncryptionNotConfigured), StringComparison.Ordinal))
            fix = t["pushes_mode"];
        else if (reason.Contains(nameof(WeChatMessageError.InvalidSignature), StringComparison.Ordinal))
            fix = t["pushes_token"];
        else if (reason.Contains("addressed to", StringComparison.Ordinal))
            fix = t["pushes_account"];
        else if (reason.Contains("timestamp", StringComparison.Ordinal))
            fix = t["pushes_clock"];
        else
            fix = t["pushes_other"];
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
