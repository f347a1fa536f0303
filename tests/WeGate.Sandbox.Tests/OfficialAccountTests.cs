using System.Net;
using System.Text;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class OfficialAccountTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Temporary_qr_ticket_shows_as_an_image_and_scans_to_its_scene()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary("login_9f2c", TimeSpan.FromMinutes(5)));
        using var image = await host.Http().GetAsync(client.ShowQrCodeUrl(ticket.Ticket));
        var scan = await host.Control.ScanAsync(new ScanRequest(ticket.Ticket));

        Assert.Equal(300, ticket.ExpireSeconds);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("login_9f2c", scan.Scene);
        Assert.Equal(ticket.Url, scan.Url);
        Assert.Equal(app.AppId, scan.AppId);
    }

    [Fact]
    public async Task Showqrcode_of_an_unknown_or_expired_ticket_is_404()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary(42, TimeSpan.FromSeconds(60)));

        using var unknown = await host.Http().GetAsync(client.ShowQrCodeUrl("gQH47joAAAAAAAAAASxodHRw+/=="));
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        using var expired = await host.Http().GetAsync(client.ShowQrCodeUrl(ticket.Ticket));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [Fact]
    public async Task Permanent_qr_ticket_has_no_expiry()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Permanent(7));

        Assert.Null(ticket.ExpireSeconds);
        Assert.Equal("7", (await host.Control.ScanAsync(new ScanRequest(ticket.Ticket))).Scene);
    }

    [Fact]
    public async Task User_info_of_a_follower_from_a_qr_scan_carries_the_scene_and_unionid()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary("login_1", TimeSpan.FromMinutes(5)));
        var identity = await host.Control.IdentityAsync(app.AppId, persona.Id);

        var before = await client.GetUserInfoAsync(token, identity.OpenId);
        await host.Control.ScanAsync(new ScanRequest(ticket.Ticket, persona.Id, Follow: true));
        var after = await client.GetUserInfoAsync(token, identity.OpenId);

        Assert.False(before.IsFollower);
        Assert.Null(before.UnionId);
        Assert.True(after.IsFollower);
        Assert.Equal(identity.UnionId, after.UnionId);
        Assert.Equal("ADD_SCENE_QR_CODE", after.SubscribeScene);
        Assert.Equal("login_1", after.QrSceneStr);
    }

    [Fact]
    public async Task User_info_of_a_follower_of_an_unbound_account_has_no_unionid()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount, openPlatformAccount: null);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var ticket = await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary(5, TimeSpan.FromMinutes(5)));
        await host.Control.ScanAsync(new ScanRequest(ticket.Ticket, persona.Id, Follow: true));

        var user = await client.GetUserInfoAsync(token, (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId);

        Assert.True(user.IsFollower);
        Assert.Null(user.UnionId);
        Assert.Equal(5, user.QrScene);
    }

    [Fact]
    public async Task User_info_of_an_openid_from_another_app_is_40003()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var other = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var error = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.GetUserInfoAsync(token, PersonaIds.OpenId(other.AppId, persona.Id)));

        Assert.Equal(40003, error.ErrCode);
    }

    [Fact]
    public async Task A_form_body_is_47001_and_a_get_on_a_post_api_is_43002()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var token = (await host.Client().GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var url = new Uri(host.Root, "api/cgi-bin/qrcode/create?access_token=" + Uri.EscapeDataString(token));
        using var form = new StringContent("action_name=QR_SCENE", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var posted = await host.Http().PostAsync(url, form);
        using var got = await host.Http().GetAsync(url);

        Assert.Contains("\"errcode\":47001", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"errcode\":43002", await got.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Theory]
    [InlineData("""{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":"5"}}}""", 47001)]
    [InlineData("""{"action_name":"QR_SCENE","expire_seconds":"60","action_info":{"scene":{"scene_id":5}}}""", 47001)]
    [InlineData("""{"action_name":"QR_SCENE","expire_seconds":[60]}""", 47001)]
    [InlineData("""{"action_name":"QR_STR_SCENE","action_info":{"scene":{"scene_str":7}}}""", 47001)]
    [InlineData("""{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":1.5}}}""", 40097)]
    [InlineData("""{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":1e400}}}""", 40097)]
    [InlineData("""{"action_name":"QR_SCENE","expire_seconds":99999999999999999999}""", 40097)]
    [InlineData("""{"action_name":"QR_SCENE","action_info":{"scene":{"scene_id":-1}}}""", 40097)]
    public async Task Wrong_json_types_and_numbers_out_of_range_are_an_errcode_not_a_server_error(string body, int errCode)
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var token = (await host.Client().GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var url = new Uri(host.Root, "api/cgi-bin/qrcode/create?access_token=" + Uri.EscapeDataString(token));

        using var response = await host.Http().PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"errcode\":{errCode}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_access_token_is_41001()
    {
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().GetUserInfoAsync("", "oX"));

        Assert.Equal(41001, error.ErrCode);
    }
}
