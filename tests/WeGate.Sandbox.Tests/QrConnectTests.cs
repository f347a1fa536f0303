using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed partial class QrConnectTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const string Callback = "https://app.example.com/wechat/callback?from=login";

    [Fact]
    public async Task Scan_and_confirm_report_a_redirect_whose_code_works_once_at_the_token_endpoint()
    {
        var (app, persona) = await WebsiteAsync();
        var page = await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, Callback, "st4te"));
        var uuid = Uuid(page);

        var waiting = await StatusAsync(uuid);
        Assert.Contains(await host.Control.PendingQrLoginsAsync(app.AppId), pending => pending.Id == uuid);
        await host.Control.ScanQrLoginAsync(uuid, persona.Id);
        var scanned = await StatusAsync(uuid);
        await host.Control.ConfirmQrLoginAsync(uuid);
        var confirmed = await StatusAsync(uuid);

        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
        Assert.Equal(("waiting", "scanned", "confirmed"), (waiting.Status, scanned.Status, confirmed.Status));
        Assert.StartsWith(Callback + "&code=", confirmed.RedirectUrl, StringComparison.Ordinal);
        Assert.EndsWith("&state=st4te", confirmed.RedirectUrl, StringComparison.Ordinal);
        Assert.False(confirmed.SelfRedirect);
        var code = CodeOf(confirmed.RedirectUrl!);
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, code);
        Assert.Equal((await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId, token.OpenId);
        Assert.Equal("snsapi_login", token.Scope);
        Assert.Equal(40163, (await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeCodeAsync(app.AppId, app.Secret, code))).ErrCode);
    }

    [Fact]
    public async Task The_wxlogin_iframe_with_self_redirect_redirects_inside_the_iframe()
    {
        var (app, persona) = await WebsiteAsync();
        var url = WeChatAuthorizeUrls.QrConnectIframe(WeChatEndpoints.Sandbox(host.Root), app.AppId, Callback, "s1",
            new QrConnectIframeOptions { SelfRedirect = true, Style = "white", Href = "data:text/css;base64,LmltcG93ZXJCb3ggLnFyY29kZSB7d2lkdGg6IDIwMHB4O30=" });
        var page = await PageAsync(url);
        var uuid = Uuid(page);

        await host.Control.ScanQrLoginAsync(uuid, persona.Id);
        await host.Control.ConfirmQrLoginAsync(uuid);
        var status = await StatusAsync(uuid);

        Assert.Contains("login_type=jssdk&self_redirect=true", url.Query, StringComparison.Ordinal);
        Assert.Contains("data-self-redirect=\"true\"", page, StringComparison.Ordinal);
        Assert.True(status.SelfRedirect);
        Assert.Equal("confirmed", status.Status);
    }

    [Fact]
    public async Task Denial_leaves_the_page_without_a_redirect_and_later_steps_conflict()
    {
        var (app, persona) = await WebsiteAsync();
        var page = await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, Callback, "s2"));
        var uuid = Uuid(page);

        await host.Control.ScanQrLoginAsync(uuid, persona.Id);
        await host.Control.DenyQrLoginAsync(uuid);
        var status = await StatusAsync(uuid);
        var confirm = await Assert.ThrowsAsync<HttpRequestException>(() => host.Control.ConfirmQrLoginAsync(uuid));

        Assert.Equal("denied", status.Status);
        Assert.Null(status.RedirectUrl);
        Assert.Contains("你已取消此次登录", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
    }

    [Fact]
    public async Task An_unscanned_qr_expires_after_five_minutes_and_can_no_longer_be_scanned()
    {
        var (app, persona) = await WebsiteAsync();
        var uuid = Uuid(await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, Callback, "s3")));

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var status = await StatusAsync(uuid);
        var scan = await Assert.ThrowsAsync<HttpRequestException>(() => host.Control.ScanQrLoginAsync(uuid, persona.Id));

        Assert.Equal("expired", status.Status);
        Assert.Equal(HttpStatusCode.Conflict, scan.StatusCode);
        Assert.DoesNotContain(await host.Control.PendingQrLoginsAsync(app.AppId), pending => pending.Id == uuid);
        Assert.Equal(QrLoginStatus.Expired, (await host.Control.QrLoginAsync(uuid)).Status);
    }

    [Theory]
    [InlineData("https://evil.example.net/callback", "redirect_uri")]
    [InlineData("https://app.example.com.evil.net/callback", "redirect_uri")]
    [InlineData("https://www.app.example.com/callback", null)]
    public async Task Redirect_uri_must_be_under_the_callback_domain(string redirectUri, string? error)
    {
        var (app, _) = await WebsiteAsync();

        var page = await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, redirectUri, "s"));

        Assert.Equal(error, ErrorOf(page));
    }

    [Fact]
    public async Task An_official_account_appid_or_another_scope_gets_the_scope_error()
    {
        var oa = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount) { CallbackDomain = "app.example.com" });
        var (website, _) = await WebsiteAsync();
        var wrongScope = new Uri(host.Root, $"open/connect/qrconnect?appid={website.AppId}&redirect_uri={Uri.EscapeDataString(Callback)}&response_type=code&scope=snsapi_userinfo&state=s");

        var viaOfficialAccount = await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), oa.AppId, Callback, "s"));
        var viaScope = await PageAsync(wrongScope);
        var unknown = await PageAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), "wx0000000000000000", Callback, "s"));

        Assert.Equal(("scope", "scope", "appid"), (ErrorOf(viaOfficialAccount), ErrorOf(viaScope), ErrorOf(unknown)));
        // Below WeChat's own message, the sandbox says what a developer should check.
        Assert.Contains("AppID 参数错误", unknown, StringComparison.Ordinal);
        Assert.Contains("no app &#x27;wx0000000000000000&#x27; is registered here", unknown, StringComparison.Ordinal);
        Assert.Contains("POST /control/apps", unknown, StringComparison.Ordinal);
        Assert.Contains($"&#x27;{oa.AppId}&#x27; is not a website app (it is OfficialAccount)", viaOfficialAccount, StringComparison.Ordinal);
    }

    private async Task<(SandboxApp App, Persona Persona)> WebsiteAsync()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { OpenPlatformAccount = "open-qr", CallbackDomain = "app.example.com" });
        return (app, await host.PersonaAsync());
    }

    private async Task<string> PageAsync(Uri url)
    {
        using var response = await host.Http().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<PageStatus> StatusAsync(string uuid)
    {
        var json = await host.Http().GetStringAsync(new Uri(host.Root, "open/connect/qrconnect/status?uuid=" + Uri.EscapeDataString(uuid)));
        return JsonSerializer.Deserialize<PageStatus>(json)!;
    }

    private static string Uuid(string page) => UuidPattern().Match(page).Groups[1].Value;

    private static string? ErrorOf(string page) => ErrorPattern().Match(page) is { Success: true } match ? match.Groups[1].Value : null;

    private static string CodeOf(string redirectUrl) => Uri.UnescapeDataString(CodePattern().Match(redirectUrl).Groups[1].Value);

    [GeneratedRegex("data-uuid=\"([^\"]+)\"")]
    private static partial Regex UuidPattern();

    [GeneratedRegex("data-error=\"([^\"]+)\"")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex("[?&]code=([^&#]+)")]
    private static partial Regex CodePattern();

    private sealed record PageStatus(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("redirect_url")] string? RedirectUrl,
        [property: System.Text.Json.Serialization.JsonPropertyName("self_redirect")] bool SelfRedirect);
}
