using WeGate.Core.Audit;
using WeGate.Sandbox.Push;
using WeGate.WeChat.Messages;

namespace WeGate.Server.Tests.Logins;

// Flow 1, follow the official account (docs/logins.md#1-follow-official-account-oa-follow): the login page shows a parametric QR, the
// phone scans and follows, the sandbox pushes the event to WeGate's callback, the page signs in.
public abstract partial class OfficialAccountFollowLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Theory]
    [InlineData(MessageMode.Plaintext)]
    [InlineData(MessageMode.Compatible)]
    [InlineData(MessageMode.Safe)]
    public async Task A_new_follower_scans_the_login_QR_and_the_waiting_page_signs_in_with_the_unionid(MessageMode mode)
    {
        var w = await FollowWorldAsync(mode);
        var page = await OpenFollowPageAsync(w);
        var persona = await PersonaAsync();

        var delivery = await ScanFollowQrAsync(page, persona.Id);

        Assert.Equal(DeliveryOutcome.Replied, delivery.Outcome);
        Assert.Equal("subscribe", delivery.Event);
        Assert.Equal("qrscene_" + page.Ticket, delivery.EventKey);
        Assert.Contains("登录成功", delivery.UserNotice, StringComparison.Ordinal);
        Assert.Contains("Follow Demo", delivery.UserNotice, StringComparison.Ordinal);
        Assert.Single(delivery.Attempts);
        if (mode != MessageMode.Plaintext)
            Assert.Contains("<Encrypt>", delivery.Attempts[0].Reply, StringComparison.Ordinal);
        Assert.Equal("confirmed", await TicketStateAsync(w, page));

        var tokens = await CompleteFollowLoginAsync(w, page);
        var claims = await UserInfoAsync(new World(w.Pool, w.ClientId, w.App, w.Slug), tokens.GetProperty("access_token").GetString()!);
        var identity = await Sandbox.IdentityAsync(w.App.AppId, persona.Id);
        Assert.Equal(identity.UnionId, claims.GetProperty("wechat_unionid").GetString());
        Assert.Equal(identity.OpenId, claims.GetProperty("wechat_openids")[0].GetProperty("openid").GetString());
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == AuditEventType.LoginCreated && e.ConnectionSlug == w.Slug && e.ClientId == w.ClientId);
        Assert.Equal("consumed", await TicketStateAsync(w, page));
    }

    [Fact]
    public async Task A_follower_scanning_again_pushes_SCAN_with_the_bare_scene_and_signs_in_to_the_same_account()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var persona = await PersonaAsync();
        var first = await OpenFollowPageAsync(w);
        await ScanFollowQrAsync(first, persona.Id);
        var firstSub = (await UserInfoAsync(new World(w.Pool, w.ClientId, w.App, w.Slug),
            (await CompleteFollowLoginAsync(w, first)).GetProperty("access_token").GetString()!)).GetProperty("sub").GetString();

        var second = await OpenFollowPageAsync(w);
        var delivery = await ScanFollowQrAsync(second, persona.Id);

        Assert.Equal("SCAN", delivery.Event);
        Assert.Equal(second.Ticket, delivery.EventKey);
        Assert.Contains("登录成功", delivery.UserNotice, StringComparison.Ordinal);
        var secondSub = (await UserInfoAsync(new World(w.Pool, w.ClientId, w.App, w.Slug),
            (await CompleteFollowLoginAsync(w, second)).GetProperty("access_token").GetString()!)).GetProperty("sub").GetString();
        Assert.Equal(firstSub, secondSub);
        Assert.Equal(1, await CountAsync("users", w.Pool));
        Assert.Contains(await AuditAsync(w.Pool), e => e.Type == LoginEventType.SignedIn && e.UserId == secondSub);
    }

    [Fact]
    public async Task An_official_account_outside_the_Open_Platform_signs_in_on_the_openid_alone()
    {
        var w = await FollowWorldAsync(openPlatform: null);
        var page = await OpenFollowPageAsync(w);
        var persona = await PersonaAsync();
        await ScanFollowQrAsync(page, persona.Id);

        var claims = await UserInfoAsync(new World(w.Pool, w.ClientId, w.App, w.Slug), (await CompleteFollowLoginAsync(w, page)).GetProperty("access_token").GetString()!);
        Assert.False(claims.TryGetProperty("wechat_unionid", out var union) && union.ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Equal((await Sandbox.IdentityAsync(w.App.AppId, persona.Id)).OpenId, claims.GetProperty("wechat_openids")[0].GetProperty("openid").GetString());
    }

    [Fact]
    public async Task The_callback_passes_WeChats_echostr_check_when_the_server_URL_is_saved()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var verification = await Sandbox.VerifyServerAsync(w.App.AppId);
        Assert.True(verification.Verified, verification.Error);
    }

    [Fact]
    public async Task A_follow_from_search_is_acknowledged_without_a_reply_and_signs_nobody_in()
    {
        var w = await FollowWorldAsync(MessageMode.Compatible);
        var persona = await PersonaAsync();
        var follow = await Sandbox.FollowAsync(w.App.AppId, persona.Id);
        var delivery = await Sandbox.DeliveryAsync(follow.DeliveryId!, wait: true);
        Assert.Equal(DeliveryOutcome.Acknowledged, delivery.Outcome);
        Assert.Equal(0, await CountAsync("users", w.Pool));
    }
    [Fact]
    public async Task A_copy_of_a_push_that_reaches_another_node_gets_the_same_reply_and_signs_in_nobody_twice()
    {
        var w = await FollowWorldAsync(MessageMode.Safe);
        var page = await OpenFollowPageAsync(w);
        var delivery = await ScanFollowQrAsync(page, (await PersonaAsync()).Id);
        await using var otherNode = await TestServer.StartAsync(Db, environment: "Development");

        var copy = await otherNode.Http.PostAsync(new Uri(delivery.Url).PathAndQuery, new StringContent(delivery.Body, System.Text.Encoding.UTF8, "text/xml"));

        Assert.Equal(System.Net.HttpStatusCode.OK, copy.StatusCode);
        Assert.Equal(delivery.UserNotice, Sender(w).ReadReply(await copy.Content.ReadAsStringAsync())!.Elements["Content"]);
        Assert.Equal(1, await CountAsync("users", w.Pool));
        Assert.Single(await AuditAsync(w.Pool), e => e.Type == AuditEventType.LoginCreated);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteOfficialAccountFollowLogins(SqliteSandboxServer f) : OfficialAccountFollowLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresOfficialAccountFollowLogins(PostgresSandboxServer f) : OfficialAccountFollowLogins(f.Db, () => f.Server);
