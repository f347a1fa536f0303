using System.Net;
using System.Net.Http.Json;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Phone;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// The control calls behind the virtual phone: what is on screens to scan, what a QR's content is,
// and a persona's view of its apps and events.
public sealed class PhoneControlTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Scannables_list_an_open_login_a_live_qr_ticket_and_a_drawn_mini_program_code()
    {
        var persona = await host.PersonaAsync();
        var login = await QrConnectAsync();
        var (oa, ticket) = await QrTicketAsync("login_42");
        var mp = await WxaCodeAsync("t=abc_123", "pages/login/index");

        var listed = await ScannablesAsync(persona.Id);

        var website = Assert.Single(listed, item => item.Id == login.Id);
        Assert.Equal((Scannable.QrConnect, QrLoginStatus.Waiting, login.QrContent), (website.Kind, website.Status, website.Content));
        var qr = Assert.Single(listed, item => item.AppId == oa.AppId);
        Assert.Equal((Scannable.OfficialAccountQr, ticket.Ticket, ticket.Url, "login_42", false), (qr.Kind, qr.Id, qr.Content, qr.Scene, qr.Following));
        var code = Assert.Single(listed, item => item.AppId == mp.AppId);
        Assert.Equal((Scannable.MiniProgramCode, "t=abc_123", "pages/login/index"), (code.Kind, code.Scene, code.Page));
        Assert.Equal($"https://mp.weixin.qq.com/a/{mp.AppId}?scene=t%3Dabc_123&page=pages%2Flogin%2Findex", code.Content);
    }

    [Fact]
    public async Task An_expired_ticket_and_a_refused_or_faulted_wxa_code_are_not_listed()
    {
        var (oa, _) = await QrTicketAsync("soon_gone", TimeSpan.FromSeconds(60));
        var mp = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(mp.AppId, mp.Secret)).AccessToken;
        await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("has%percent")));
        await host.Control.SetFaultAsync(new SandboxFault("wxa/getwxacodeunlimit") { ErrCode = 45009, Count = 1 });
        await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("faulted")));

        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var listed = await ScannablesAsync();

        Assert.DoesNotContain(listed, item => item.AppId == oa.AppId || item.AppId == mp.AppId);
    }

    [Fact]
    public async Task Resolve_reads_each_kind_of_qr_content()
    {
        var login = await QrConnectAsync();
        var (oa, ticket) = await QrTicketAsync("resolve_me");
        var mp = await WxaCodeAsync("s1", null);
        var showQrCode = host.Client().ShowQrCodeUrl(ticket.Ticket).ToString();

        var fromLogin = await ResolveAsync(login.QrContent);
        var fromUrl = await ResolveAsync(ticket.Url);
        var fromImage = await ResolveAsync(showQrCode);
        var fromTicket = await ResolveAsync(" " + ticket.Ticket + "\n");
        var fromWxaCode = await ResolveAsync($"https://mp.weixin.qq.com/a/{mp.AppId}?scene=s1&page=");

        Assert.Equal((Scannable.QrConnect, login.Id), (fromLogin.Kind, fromLogin.Id));
        Assert.All(new[] { fromUrl, fromImage, fromTicket }, found => Assert.Equal((Scannable.OfficialAccountQr, ticket.Ticket, oa.AppId), (found.Kind, found.Id, found.AppId)));
        Assert.Equal((Scannable.MiniProgramCode, "s1", (string?)null), (fromWxaCode.Kind, fromWxaCode.Scene, fromWxaCode.Page));
    }

    [Theory]
    [InlineData("http://weixin.qq.com/q/unknown")]
    [InlineData("https://mp.weixin.qq.com/a/wx0000000000000000?scene=x")]
    [InlineData("not a qr")]
    public async Task Resolve_of_content_the_sandbox_did_not_make_is_404(string content)
    {
        using var response = await host.Http().PostAsJsonAsync(new Uri(host.Root, "control/scannables/resolve"), new ResolveScanRequest(content), SandboxControlJson.Options);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_qr_says_whether_the_persona_follows_and_the_persona_sees_its_apps_and_events()
    {
        var persona = await host.PersonaAsync();
        var (oa, ticket) = await QrTicketAsync("follow_1", serverUrl: "http://127.0.0.1:9/wechat");
        var website = await host.AppAsync(SandboxAppType.Website, openPlatformAccount: null);
        var before = Assert.Single(await ScannablesAsync(persona.Id), item => item.Id == ticket.Ticket);

        var scan = await host.Control.ScanAsync(new ScanRequest(ticket.Ticket, persona.Id, Follow: true));
        var after = Assert.Single(await ScannablesAsync(persona.Id), item => item.Id == ticket.Ticket);
        var apps = await GetAsync<List<PersonaAppView>>($"control/personas/{persona.Id}/apps");
        var deliveries = await GetAsync<List<SandboxDelivery>>($"control/personas/{persona.Id}/deliveries");
        var others = await GetAsync<List<SandboxDelivery>>($"control/personas/{(await host.PersonaAsync()).Id}/deliveries");

        Assert.Equal((false, true), (before.Following, after.Following));
        var asOa = Assert.Single(apps, view => view.AppId == oa.AppId);
        var identity = await host.Control.IdentityAsync(oa.AppId, persona.Id);
        Assert.Equal((identity.OpenId, identity.UnionId, true, "open-account-1"), (asOa.OpenId, asOa.UnionId, asOa.Following, asOa.OpenPlatformAccount));
        var asWebsite = Assert.Single(apps, view => view.AppId == website.AppId);
        Assert.Equal(((string?)null, (bool?)null), (asWebsite.UnionId, asWebsite.Following));
        var delivery = Assert.Single(deliveries);
        Assert.Equal((scan.DeliveryId, "subscribe", "qrscene_follow_1"), (delivery.Id, delivery.Event, delivery.EventKey));
        Assert.Empty(others);
    }

    [Fact]
    public async Task The_scan_list_is_newest_first_and_labels_each_entry_with_the_end_of_its_uuid_or_scene()
    {
        var older = await QrConnectAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var mp = await WxaCodeAsync("t=scene_wxyz", null);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await QrConnectAsync();

        var listed = (await ScannablesAsync()).Where(item => item.Id == older.Id || item.Id == newer.Id || item.AppId == mp.AppId).ToList();

        Assert.Equal([newer.Id[^4..], "wxyz", older.Id[^4..]], listed.Select(item => item.Label));
        Assert.Equal([host.Clock.GetUtcNow(), host.Clock.GetUtcNow().AddSeconds(-1), host.Clock.GetUtcNow().AddSeconds(-2)], listed.Select(item => item.ShownAt!.Value));
    }

    [Fact]
    public async Task The_qrconnect_page_shows_the_label_the_phone_lists()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { CallbackDomain = "app.example.com" });
        var page = await host.Http().GetStringAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, "https://app.example.com/cb", "s"));

        var login = Assert.Single(await ScannablesAsync(), item => item.AppId == app.AppId);
        Assert.Contains($"<b data-label>{login.Label}</b>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_whose_page_stopped_polling_leaves_the_scan_list_but_its_qr_still_resolves()
    {
        var open = await QrConnectAsync();
        var closed = await QrConnectAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(8));
        using var poll = await host.Http().GetAsync(new Uri(host.Root, "open/connect/qrconnect/status?uuid=" + open.Id));
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        var listed = await ScannablesAsync();

        Assert.Contains(listed, item => item.Id == open.Id);
        Assert.DoesNotContain(listed, item => item.Id == closed.Id);
        Assert.Equal(closed.Id, (await ResolveAsync(closed.QrContent)).Id);
    }

    [Fact]
    public async Task A_mini_program_code_is_listed_for_five_minutes_after_it_was_last_drawn()
    {
        var early = await WxaCodeAsync("drawn_early", null);
        host.Clock.Advance(TimeSpan.FromMinutes(4));
        var late = await WxaCodeAsync("drawn_late", null);
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        var listed = await ScannablesAsync();

        Assert.DoesNotContain(listed, item => item.AppId == early.AppId);
        Assert.Contains(listed, item => item.AppId == late.AppId);
    }

    [Fact]
    public async Task An_unknown_persona_is_404()
    {
        using var scannables = await host.Http().GetAsync(new Uri(host.Root, "control/scannables?persona_id=nobody"));
        using var apps = await host.Http().GetAsync(new Uri(host.Root, "control/personas/nobody/apps"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (scannables.StatusCode, apps.StatusCode));
    }

    [Fact]
    public async Task The_phone_page_and_its_script_are_served_under_the_prefix()
    {
        var page = await host.Http().GetStringAsync(new Uri(host.Root, "phone"));
        using var script = await host.Http().GetAsync(new Uri(host.Root, "phone/phone.js"));

        Assert.Contains("data-root=\"/sandbox\"", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/sandbox/phone/phone.js\">", page, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("control/${path}", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<QrLoginSession> QrConnectAsync()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { CallbackDomain = "app.example.com" });
        using var page = await host.Http().GetAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, "https://app.example.com/cb", "s"));
        return Assert.Single(await host.Control.PendingQrLoginsAsync(app.AppId));
    }

    private async Task<(SandboxApp App, QrCodeTicket Ticket)> QrTicketAsync(string scene, TimeSpan? lifetime = null, string? serverUrl = null)
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            OpenPlatformAccount = "open-account-1",
            ServerUrl = serverUrl,
            Token = serverUrl is null ? null : "token",
        });
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        return (app, await client.CreateQrCodeAsync(token, QrCodeRequest.Temporary(scene, lifetime ?? TimeSpan.FromMinutes(5))));
    }

    private async Task<SandboxApp> WxaCodeAsync(string scene, string? page)
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        await client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest(scene) { Page = page });
        return app;
    }

    private Task<List<Scannable>> ScannablesAsync(string? personaId = null) =>
        GetAsync<List<Scannable>>("control/scannables" + (personaId is null ? "" : "?persona_id=" + personaId));

    private async Task<Scannable> ResolveAsync(string content)
    {
        using var response = await host.Http().PostAsJsonAsync(new Uri(host.Root, "control/scannables/resolve"), new ResolveScanRequest(content), SandboxControlJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Scannable>(SandboxControlJson.Options))!;
    }

    private async Task<T> GetAsync<T>(string path) =>
        (await host.Http().GetFromJsonAsync<T>(new Uri(host.Root, path), SandboxControlJson.Options))!;
}
