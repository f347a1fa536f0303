using System.Globalization;
using System.Net;
using WeGate.Core.Audit;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Push;
using WeGate.Server.Pages;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Server.Tests.Logins;

// Flow 1's bad input: each gets a clear answer (to WeChat, to the follower, to the browser), an audit
// event, and leaves no half-made user or ticket.
public abstract partial class OfficialAccountFollowLogins
{
    private const string CallbackRejected = "wechat.callback.rejected";

    [Fact]
    public async Task An_expired_ticket_tells_the_follower_and_the_page_and_signs_nobody_in()
    {
        var w = await FollowWorldAsync();
        var page = await OpenFollowPageAsync(w);
        await ExpireTicketAsync(w.Pool, page.Ticket);

        var delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);

        Assert.Contains("已过期", delivery.UserNotice, StringComparison.Ordinal);
        Assert.Equal("expired", await TicketStateAsync(w, page));
        Assert.Equal(0, await CountAsync("users", w.Pool));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.Failed && e.Reason!.Contains("expired", StringComparison.Ordinal));
        Assert.NotEqual(HttpStatusCode.SeeOther, (await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}")).StatusCode);
    }

    [Fact]
    public async Task A_used_ticket_cannot_sign_in_a_second_person()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        await ScanFollowQrAsync(page, (await PersonaAsync()).Id);
        await CompleteFollowLoginAsync(w, page);

        var second = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);

        Assert.Equal(DeliveryOutcome.Replied, second.Outcome);
        Assert.Contains("已使用", second.UserNotice, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("users", w.Pool));
        Assert.Equal("consumed", await TicketStateAsync(w, page));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.Failed && e.Reason!.Contains("already consumed", StringComparison.Ordinal));
        Assert.NotEqual(HttpStatusCode.SeeOther, (await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}")).StatusCode);
    }

    [Theory]
    [InlineData("cgi-bin/qrcode/create", 48001)]
    [InlineData("cgi-bin/qrcode/create", -1)]
    [InlineData("cgi-bin/token", 40164)]
    [InlineData("cgi-bin/token", 40125)]
    public async Task A_WeChat_error_drawing_the_QR_shows_on_the_login_page_and_leaves_no_ticket(string path, int errCode)
    {
        var w = await FollowWorldAsync();
        // -1 is retried twice by the client; three failures in a row reach the page.
        await Sandbox.SetFaultAsync(new SandboxFault(path) { ErrCode = errCode, Count = 3 });
        string html;
        try
        {
            var toLogin = await new OidcFlow.Browser(Server.Http.BaseAddress!).GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}" +
                $"&redirect_uri={Uri.EscapeDataString(FollowRedirect)}&scope=openid&code_challenge={OidcFlow.Browser.Pkce().Challenge}&code_challenge_method=S256");
            html = await (await Server.Http.GetAsync(toLogin.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        }
        finally
        {
            await Sandbox.ClearFaultsAsync(path);
        }

        Assert.Contains("data-unavailable", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-wegate-ticket", html, StringComparison.Ordinal);
        Assert.Contains(errCode == -1 ? "busy" : $"errcode {errCode}", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("login_tickets", w.Pool));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.Failed && e.Reason!.Contains($"{path} failed: errcode {errCode}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(40003)]
    [InlineData(48001)]
    [InlineData(45009)]
    public async Task A_WeChat_error_looking_up_the_follower_refuses_the_ticket_and_creates_no_user(int errCode)
    {
        var w = await FollowWorldAsync(MessageMode.Compatible);
        var page = await OpenFollowPageAsync(w);
        await Sandbox.SetFaultAsync(new SandboxFault("cgi-bin/user/info") { ErrCode = errCode, Count = 1 });
        SandboxDelivery delivery;
        try
        {
            delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);
        }
        finally
        {
            await Sandbox.ClearFaultsAsync("cgi-bin/user/info");
        }

        Assert.Contains("登录失败", delivery.UserNotice, StringComparison.Ordinal);
        Assert.Equal("refused", await TicketStateAsync(w, page));
        var shown = await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}");
        Assert.Equal(HttpStatusCode.Forbidden, shown.StatusCode);
        Assert.Contains($"errcode {errCode}", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("users", w.Pool));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.Failed && e.Reason!.Contains($"cgi-bin/user/info failed: errcode {errCode}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_busy_WeChat_is_asked_again_and_the_follower_still_signs_in()
    {
        var w = await FollowWorldAsync();
        var page = await OpenFollowPageAsync(w);
        await Sandbox.SetFaultAsync(new SandboxFault("cgi-bin/user/info") { ErrCode = -1, Count = 1 });
        var delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);
        Assert.Contains("登录成功", delivery.UserNotice, StringComparison.Ordinal);
        Assert.Equal("confirmed", await TicketStateAsync(w, page));
    }

    [Fact]
    public async Task A_slow_WeChat_still_gets_an_answer_within_five_seconds_and_the_page_signs_in_afterwards()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        await Sandbox.SetFaultAsync(new SandboxFault("cgi-bin/user/info") { LatencyMs = 6000, Count = 1 });
        var delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);

        Assert.Equal(DeliveryOutcome.Replied, delivery.Outcome);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.True(attempt.DurationMs < 5000, $"answered after {attempt.DurationMs} ms");
        Assert.Contains("正在登录", delivery.UserNotice, StringComparison.Ordinal);
        // The page hears the confirmation once the slow call has returned (6 s), over its event stream.
        var states = await ReadEventsAsync(Server.Http, $"/pools/{w.Pool}/login/tickets/{page.Ticket}/events?request={page.Request}", 10, TimeSpan.FromSeconds(20));
        Assert.Equal("confirmed", states[^1]);
        Assert.Equal("confirmed", await TicketStateAsync(w, page));
    }

    [Fact]
    public async Task A_forged_signature_is_refused_audited_and_changes_nothing()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        var qr = await FollowQrAsync(page);
        var push = Sender(w).Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oForgedOpenId0000000000000000", Now(), page.Ticket, qr.Id));

        var badUrlSignature = await PostCallbackAsync(w, push.Query with { Signature = new string('0', 40) }, push.Body);
        var badMsgSignature = await PostCallbackAsync(w, push.Query with { MsgSignature = new string('0', 40) }, push.Body);
        var forgedEcho = await Server.Http.GetAsync(w.CallbackPath + "?" + (push.Query with { Signature = new string('1', 40) }).ToQueryString() + "&echostr=12345");

        Assert.Equal(HttpStatusCode.Unauthorized, badUrlSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badMsgSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedEcho.StatusCode);
        Assert.DoesNotContain("12345", await forgedEcho.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", await TicketStateAsync(w, page));
        Assert.Equal(0, await CountAsync("users", w.Pool));
        Assert.Equal(3, (await AuditAsync(w.Pool)).Count(e => e.Type == CallbackRejected && e.Reason!.Contains("ignature", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_correctly_signed_push_with_a_stale_timestamp_is_refused()
    {
        var w = await FollowWorldAsync();
        var page = await OpenFollowPageAsync(w);
        var qr = await FollowQrAsync(page);
        var stale = (Now() - 600).ToString(CultureInfo.InvariantCulture);
        var push = Sender(w).Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oStaleOpenId00000000000000000", Now() - 600, page.Ticket, qr.Id), stale, "424242");

        var response = await PostCallbackAsync(w, push.Query, push.Body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("pending", await TicketStateAsync(w, page));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == CallbackRejected && e.Reason!.Contains("timestamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_does_not_decrypt_is_refused()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        var qr = await FollowQrAsync(page);
        // Signed with the right Token, encrypted with a key that is not the account's.
        var wrongKey = new CallbackSender(new CallbackAccount(w.Token, w.App.AppId, MessageMode.Safe, EncodingAesKey.Generate()), TimeProvider.System);
        var push = wrongKey.Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oWrongKeyOpenId00000000000000", Now(), page.Ticket, qr.Id));

        var response = await PostCallbackAsync(w, push.Query, push.Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pending", await TicketStateAsync(w, page));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == CallbackRejected && e.Reason!.Contains("DecryptionFailed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task XML_with_a_DTD_is_refused_before_anything_is_read()
    {
        var w = await FollowWorldAsync();
        var page = await OpenFollowPageAsync(w);
        var push = Sender(w).Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oDtdOpenId0000000000000000000", Now(), page.Ticket, "t"));
        var body = "<!DOCTYPE xml [<!ENTITY boom \"boom\">]>" + push.Body.Replace("<Event>", "<Event>&boom;", StringComparison.Ordinal);

        var response = await PostCallbackAsync(w, push.Query, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == CallbackRejected && e.Reason!.Contains("MalformedXml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scan_of_an_unknown_ticket_gets_a_clear_reply_and_an_audit_event()
    {
        var w = await FollowWorldAsync();
        var push = Sender(w).Compose(InboundMessage.Scan(w.App.OriginalId!, "oUnknownOpenId000000000000000", Now(), "no-such-ticket", "gQH-not-ours"));

        var response = await PostCallbackAsync(w, push.Query, push.Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Sender(w).ReadReply(await response.Content.ReadAsStringAsync());
        Assert.Contains("未找到", reply!.Elements["Content"], StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("users", w.Pool));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.Failed && e.Reason!.Contains("unknown login ticket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replayed_delivery_is_answered_with_the_same_reply_and_signs_in_once()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        var delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);
        var sent = new Uri(delivery.Url);

        var again = await Server.Http.PostAsync(sent.PathAndQuery, new StringContent(delivery.Body, System.Text.Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var reply = Sender(w).ReadReply(await again.Content.ReadAsStringAsync());
        Assert.Equal(delivery.UserNotice, reply!.Elements["Content"]);
        Assert.Equal(1, await CountAsync("users", w.Pool));
        Assert.Single(await AuditAsync(w.Pool), e => e.Type == AuditEventType.LoginCreated);
        Assert.Equal("confirmed", await TicketStateAsync(w, page));
    }

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
}

public abstract partial class OfficialAccountFollowLogins
{
    // Plaintext and compatible pushes are signed over token, timestamp and nonce only (docs/wechat-contract.md#message-modes):
    // a captured signature must not carry another body. WeChat's own retry, same body, is still answered.
    [Theory]
    [InlineData(MessageMode.Plaintext)]
    [InlineData(MessageMode.Compatible)]
    public async Task A_captured_timestamp_and_nonce_cannot_carry_another_body(MessageMode mode)
    {
        var w = await FollowWorldAsync(mode);
        var first = await OpenFollowPageAsync(w);
        var firstQr = await FollowQrAsync(first);
        var second = await OpenFollowPageAsync(w);
        var secondQr = await FollowQrAsync(second);
        var timestamp = Now().ToString(CultureInfo.InvariantCulture);
        var genuine = Sender(w).Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oGenuineOpenId000000000000000", Now(), first.Ticket, firstQr.Id), timestamp, "777001");
        var forged = Sender(w).Compose(InboundMessage.Subscribe(w.App.OriginalId!, "oForgerOpenId0000000000000000", Now(), second.Ticket, secondQr.Id), timestamp, "777001");

        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(w, genuine.Query, genuine.Body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(w, genuine.Query, genuine.Body)).StatusCode);
        var replay = await PostCallbackAsync(w, genuine.Query with { MsgSignature = forged.Query.MsgSignature }, forged.Body);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("pending", await TicketStateAsync(w, second));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == CallbackRejected && e.Reason!.Contains("nonce", StringComparison.Ordinal));
    }
}
