using System.Net;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// {open}/connect/confirm?uuid=…, the page a qrconnect QR encodes: opening it as a persona is the scan.
public sealed partial class QrConfirmPageTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Opening_the_qr_content_as_a_persona_scans_and_approval_issues_a_working_code()
    {
        var (app, login) = await LoginAsync();
        var persona = await host.PersonaAsync();

        using var page = await host.NoRedirectHttp().GetAsync(new Uri(login.QrContent + "&sandbox_persona=" + persona.Id));
        var html = await page.Content.ReadAsStringAsync();
        var scanned = await host.Control.QrLoginAsync(login.Id);
        var decided = await DecideAsync(login.Id, persona.Id, "approve");
        var confirmed = await host.Control.QrLoginAsync(login.Id);

        Assert.Equal("/sandbox/", Regex.Match(page.Headers.GetValues("Set-Cookie").Single(), "path=([^;]+)").Groups[1].Value);
        Assert.Equal((QrLoginStatus.Scanned, persona.Id), (scanned.Status, scanned.PersonaId));
        Assert.Contains("data-status=\"scanned\"", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"confirmed\"", decided, StringComparison.Ordinal);
        var code = CodePattern().Match(confirmed.RedirectUrl!).Groups[1].Value;
        var token = await host.Client().ExchangeCodeAsync(app.AppId, app.Secret, code);
        Assert.Equal((await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId, token.OpenId);
    }

    [Fact]
    public async Task The_persona_cookie_is_used_and_denial_leaves_no_redirect()
    {
        var (_, login) = await LoginAsync();
        var persona = await host.PersonaAsync();

        await GetAsync(login.QrContent, cookie: persona.Id);
        var decided = await DecideAsync(login.Id, persona.Id, "deny");
        var denied = await host.Control.QrLoginAsync(login.Id);

        Assert.Contains("data-status=\"denied\"", decided, StringComparison.Ordinal);
        Assert.Equal(QrLoginStatus.Denied, denied.Status);
        Assert.Null(denied.RedirectUrl);
    }

    [Fact]
    public async Task Without_a_persona_the_page_asks_who_holds_the_phone_and_does_not_scan()
    {
        var (_, login) = await LoginAsync();
        var persona = await host.PersonaAsync();

        var html = await GetAsync(login.QrContent);

        Assert.Contains("data-page=\"persona-picker\"", html, StringComparison.Ordinal);
        Assert.Contains($"sandbox_persona={persona.Id}", html, StringComparison.Ordinal);
        Assert.Equal(QrLoginStatus.Waiting, (await host.Control.QrLoginAsync(login.Id)).Status);
    }

    [Fact]
    public async Task A_second_persona_cannot_take_over_a_scanned_login()
    {
        var (_, login) = await LoginAsync();
        var first = await host.PersonaAsync();
        var second = await host.PersonaAsync();

        await GetAsync(login.QrContent, cookie: first.Id);
        var html = await GetAsync(login.QrContent, cookie: second.Id);
        var decided = await DecideAsync(login.Id, second.Id, "approve");

        Assert.Contains("Someone else scanned", html, StringComparison.Ordinal);
        Assert.Contains("Someone else scanned", decided, StringComparison.Ordinal);
        Assert.Equal((QrLoginStatus.Scanned, first.Id), ((await host.Control.QrLoginAsync(login.Id)).Status, (await host.Control.QrLoginAsync(login.Id)).PersonaId));
    }

    [Fact]
    public async Task An_unknown_uuid_is_an_error_page()
    {
        var html = await GetAsync(new Uri(host.Root, "open/connect/confirm?uuid=nope").ToString());

        Assert.Contains("data-error=\"uuid\"", html, StringComparison.Ordinal);
    }

    private async Task<(SandboxApp App, QrLoginSession Login)> LoginAsync()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { CallbackDomain = "app.example.com" });
        using var page = await host.Http().GetAsync(WeChatAuthorizeUrls.QrConnect(WeChatEndpoints.Sandbox(host.Root), app.AppId, "https://app.example.com/cb", "s"));
        return (app, Assert.Single(await host.Control.PendingQrLoginsAsync(app.AppId)));
    }

    private async Task<string> GetAsync(string url, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "sandbox_persona=" + cookie);
        }

        using var response = await host.NoRedirectHttp().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> DecideAsync(string uuid, string personaId, string decision)
    {
        using var form = new FormUrlEncodedContent([new("uuid", uuid), new("persona", personaId), new("decision", decision)]);
        using var response = await host.NoRedirectHttp().PostAsync(new Uri(host.Root, "open/connect/confirm/decide"), form);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("[?&]code=([^&#]+)")]
    private static partial Regex CodePattern();
}
