using WeGate.Sandbox.Control;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Tests;

public sealed class EventPushTests(PushSandboxHost host) : IClassFixture<PushSandboxHost>
{
    private const string Token = "pushtoken1";

    [Fact]
    public async Task A_new_follower_gets_subscribe_with_qrscene_and_a_follower_gets_scan_with_the_bare_scene()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Plaintext, out var key), PushReceiver.Success);
        var (app, persona, ticket) = await ScenarioAsync(server, MessageMode.Plaintext, key, "login_7");

        var first = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        await host.Control.DeliveryAsync(first.DeliveryId!, wait: true);
        var second = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id));
        await host.Control.DeliveryAsync(second.DeliveryId!, wait: true);

        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;
        var subscribe = server.Pushes[0].Opened!.Message;
        var scan = server.Pushes[1].Opened!.Message;
        Assert.Equal(("subscribe", "SCAN"), (first.Event, second.Event));
        Assert.Equal(("subscribe", "qrscene_login_7", ticket), (subscribe.Event, subscribe.EventKey, subscribe.Ticket));
        Assert.Equal(("SCAN", "login_7", ticket), (scan.Event, scan.EventKey, scan.Ticket));
        Assert.Equal((openId, app.OriginalId), (subscribe.FromUserName, subscribe.ToUserName));
        Assert.Contains("openid=" + openId, server.Pushes[0].Query, StringComparison.Ordinal);
        Assert.DoesNotContain("encrypt_type", server.Pushes[0].Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageMode.Plaintext)]
    [InlineData(MessageMode.Compatible)]
    [InlineData(MessageMode.Safe)]
    public async Task Each_mode_is_signed_and_encrypted_as_wechat_does_and_a_passive_reply_is_recorded(MessageMode mode)
    {
        await using var server = await PushReceiver.StartAsync(Account(mode, out var key), (_, opened, receiver) =>
            receiver.SealReply(opened, TextReply.Write(opened.Message, "登录成功", 1_700_000_000)));
        var (_, persona, ticket) = await ScenarioAsync(server, mode, key, "scene_m");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        var delivery = await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        var push = Assert.Single(server.Pushes);
        Assert.Null(push.Error);
        Assert.Equal(mode != MessageMode.Plaintext, push.Opened!.WasEncrypted);
        Assert.Equal(mode != MessageMode.Plaintext, push.Query.Contains("encrypt_type=aes", StringComparison.Ordinal) && push.Query.Contains("msg_signature=", StringComparison.Ordinal));
        Assert.Equal(mode != MessageMode.Plaintext, push.Body.Contains("<Encrypt>", StringComparison.Ordinal));
        Assert.Equal(mode != MessageMode.Safe, push.Body.Contains("<Event>", StringComparison.Ordinal));
        Assert.Equal("qrscene_scene_m", push.Opened.Message.EventKey);
        Assert.Equal(DeliveryOutcome.Replied, delivery.Outcome);
        Assert.Equal("登录成功", delivery.UserNotice);
        Assert.Equal("text", delivery.ReplyMsgType);
        Assert.Contains("登录成功", delivery.ReplyXml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_is_acknowledged_after_one_attempt()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Safe, out var key), PushReceiver.Success);
        var (app, persona, ticket) = await ScenarioAsync(server, MessageMode.Safe, key, "ack");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        var delivery = await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        Assert.Equal(DeliveryOutcome.Acknowledged, delivery.Outcome);
        Assert.Equal(200, Assert.Single(delivery.Attempts).Status);
        Assert.Null(delivery.UserNotice);
        Assert.Contains(await host.Control.DeliveriesAsync(app.AppId), listed => listed.Id == delivery.Id);
    }

    [Fact]
    public async Task A_server_that_never_answers_gets_three_identical_attempts_and_the_user_sees_the_apology()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Compatible, out var key), (_, _, _) => null);
        var (_, persona, ticket) = await ScenarioAsync(server, MessageMode.Compatible, key, "slow");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        var delivery = await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        Assert.Equal(DeliveryOutcome.TimedOut, delivery.Outcome);
        Assert.Equal([1, 2, 3], delivery.Attempts.Select(attempt => attempt.Number));
        Assert.All(delivery.Attempts, attempt => Assert.InRange(attempt.DurationMs, PushSandboxHost.Deadline.TotalMilliseconds - 50, 5_000));
        Assert.Equal(3, server.Pushes.Count);
        Assert.Single(server.Pushes.Select(push => push.Query).Distinct());
        Assert.Single(server.Pushes.Select(push => push.Body).Distinct());
        Assert.Equal(EventPusher.ServiceUnavailableNotice, delivery.UserNotice);
    }

    [Fact]
    public async Task A_late_first_answer_is_retried_and_the_second_attempt_acknowledged()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Plaintext, out var key), (attempt, _, _) => attempt == 1 ? null : "");
        var (_, persona, ticket) = await ScenarioAsync(server, MessageMode.Plaintext, key, "late");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        var delivery = await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        Assert.Equal([DeliveryOutcome.TimedOut, DeliveryOutcome.Acknowledged], delivery.Attempts.Select(attempt => attempt.Outcome));
        Assert.Equal(DeliveryOutcome.Acknowledged, delivery.Outcome);
    }

    [Fact]
    public async Task A_json_answer_is_an_invalid_reply_without_retry()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Plaintext, out var key), (_, _, _) => "{\"ok\":true}");
        var (_, persona, ticket) = await ScenarioAsync(server, MessageMode.Plaintext, key, "json");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        var delivery = await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        Assert.Equal(DeliveryOutcome.InvalidReply, Assert.Single(delivery.Attempts).Outcome);
        Assert.Equal(EventPusher.ServiceUnavailableNotice, delivery.UserNotice);
        Assert.NotNull(delivery.Attempts[0].Error);
    }

    [Fact]
    public async Task A_follow_outside_a_qr_pushes_a_plain_subscribe_and_a_later_scan_is_scan()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Safe, out var key), PushReceiver.Success);
        var (app, persona, ticket) = await ScenarioAsync(server, MessageMode.Safe, key, "after_follow");

        var follow = await host.Control.FollowAsync(app.AppId, persona.Id);
        await host.Control.DeliveryAsync(follow.DeliveryId!, wait: true);
        var again = await host.Control.FollowAsync(app.AppId, persona.Id);
        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id, Follow: true));
        await host.Control.DeliveryAsync(scan.DeliveryId!, wait: true);

        var subscribe = server.Pushes[0].Opened!.Message;
        Assert.Equal(("subscribe", null, null), (subscribe.Event, subscribe.EventKey, subscribe.Ticket));
        Assert.True(again.AlreadyFollowing);
        Assert.Null(again.DeliveryId);
        Assert.Equal("SCAN", scan.Event);
        Assert.Equal("after_follow", server.Pushes[1].Opened!.Message.EventKey);
    }

    [Fact]
    public async Task A_scan_without_a_follow_pushes_nothing()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Plaintext, out var key), PushReceiver.Success);
        var (_, persona, ticket) = await ScenarioAsync(server, MessageMode.Plaintext, key, "look");

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket, persona.Id));

        Assert.Null(scan.Event);
        Assert.Null(scan.DeliveryId);
        Assert.Empty(server.Pushes);
    }

    [Fact]
    public async Task Server_verification_succeeds_when_echostr_comes_back_and_fails_on_a_wrong_token()
    {
        await using var server = await PushReceiver.StartAsync(Account(MessageMode.Safe, out var key), PushReceiver.Success);
        var (app, _, _) = await ScenarioAsync(server, MessageMode.Safe, key, "verify");

        var good = await host.Control.VerifyServerAsync(app.AppId);
        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { Token = "another-token" });
        var bad = await host.Control.VerifyServerAsync(app.AppId);

        Assert.True(good.Verified);
        Assert.Equal(good.Echostr, good.Body);
        Assert.Contains("echostr=" + good.Echostr, good.Url, StringComparison.Ordinal);
        Assert.False(bad.Verified);
        Assert.Equal(403, bad.Status);
    }

    [Fact]
    public void The_defaults_are_wechats_five_seconds_and_three_attempts()
    {
        var options = new SandboxOptions();

        Assert.Equal(TimeSpan.FromSeconds(5), options.PushDeadline);
        Assert.Equal(3, options.PushAttempts);
    }

    private static CallbackAccount Account(MessageMode mode, out string key)
    {
        key = EncodingAesKey.Generate().Text;
        return new CallbackAccount(Token, SandboxRegistry.NewAppId(), mode, mode == MessageMode.Plaintext ? null : EncodingAesKey.Parse(key));
    }

    // An official account whose server is `server`, a persona, and a fresh QR ticket with `scene`.
    private async Task<(SandboxApp App, Persona Persona, string Ticket)> ScenarioAsync(PushReceiver server, MessageMode mode, string key, string scene)
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            AppId = server.AppId,
            OpenPlatformAccount = "open-push",
            ServerUrl = server.Url.ToString(),
            Token = Token,
            EncodingAesKey = key,
            MessageMode = mode,
        });
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary(scene, TimeSpan.FromMinutes(5)));
        return (app, await host.PersonaAsync(), ticket.Ticket);
    }
}
