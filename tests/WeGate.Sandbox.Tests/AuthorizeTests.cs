using System.Net;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed partial class AuthorizeTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    private const string Callback = "https://oa.example.com/h5/callback";

    [Fact]
    public async Task Snsapi_base_redirects_silently_with_a_code_for_the_personas_openid()
    {
        var (app, persona) = await OfficialAccountAsync();

        using var response = await GetAsync(Authorize(app, "snsapi_base", "abc123"), persona.Id);
        var token = await host.Client().ExchangeCodeAsync(app.AppId, app.Secret, CodeOf(response));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Callback + "?code=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("&state=abc123", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal((await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId, token.OpenId);
        Assert.Equal("snsapi_base", token.Scope);
        Assert.Null(token.UnionId);
    }

    [Fact]
    public async Task The_persona_can_also_come_from_the_query_and_without_one_the_page_asks()
    {
        var (app, persona) = await OfficialAccountAsync();
        var url = Authorize(app, "snsapi_base", "q1");
        var withQuery = new Uri(url.GetLeftPart(UriPartial.Query) + "&sandbox_persona=" + persona.Id);

        using var picked = await GetAsync(withQuery, personaCookie: null);
        using var picker = await GetAsync(url, personaCookie: null);
        var pickerPage = await picker.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        Assert.Contains("data-page=\"persona-picker\"", pickerPage, StringComparison.Ordinal);
        Assert.Contains("sandbox_persona=" + persona.Id, pickerPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snsapi_userinfo_asks_for_consent_and_approval_redirects_with_a_code_carrying_unionid()
    {
        var (app, persona) = await OfficialAccountAsync();

        using var consent = await GetAsync(Authorize(app, "snsapi_userinfo", "u1"), persona.Id);
        using var approved = await DecideAsync(await consent.Content.ReadAsStringAsync(), "approve");
        var token = await host.Client().ExchangeCodeAsync(app.AppId, app.Secret, CodeOf(approved));

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("snsapi_userinfo", token.Scope);
        Assert.Equal((await host.Control.IdentityAsync(app.AppId, persona.Id)).UnionId, token.UnionId);
        Assert.False(token.IsSnapshotUser);
    }

    [Fact]
    public async Task Denying_consent_redirects_with_the_state_and_no_code_and_the_form_works_once()
    {
        var (app, persona) = await OfficialAccountAsync();

        using var consent = await GetAsync(Authorize(app, "snsapi_userinfo", "u2"), persona.Id);
        var page = await consent.Content.ReadAsStringAsync();
        using var denied = await DecideAsync(page, "deny");
        using var replayed = await DecideAsync(page, "approve");

        Assert.Equal(Callback + "?state=u2", denied.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("data-error=\"consent\"", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_persona_gets_no_prompt_and_a_code_for_a_virtual_user()
    {
        var (app, _) = await OfficialAccountAsync();
        var persona = await host.PersonaAsync(snapshot: true);

        using var response = await GetAsync(Authorize(app, "snsapi_userinfo", "snap"), persona.Id);
        var token = await host.Client().ExchangeCodeAsync(app.AppId, app.Secret, CodeOf(response));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(token.IsSnapshotUser);
        Assert.NotEqual((await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId, token.OpenId);
    }

    [Fact]
    public async Task An_authorize_code_expires_after_five_minutes()
    {
        var (app, persona) = await OfficialAccountAsync();
        using var response = await GetAsync(Authorize(app, "snsapi_base", "late"), persona.Id);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().ExchangeCodeAsync(app.AppId, app.Secret, CodeOf(response)));

        Assert.Equal(42003, error.ErrCode);
    }

    [Theory]
    [InlineData("https://evil.example.net/cb", "snsapi_base", "s", 10003)]
    [InlineData("https://www.oa.example.com/cb", "snsapi_base", "s", 10003)]
    [InlineData("", "snsapi_base", "s", 10011)]
    [InlineData(Callback, "snsapi_login", "s", 10005)]
    [InlineData(Callback, "", "s", 10010)]
    [InlineData(Callback, "snsapi_base", "", 10013)]
    [InlineData(Callback, "snsapi_base", "has-dash", 10013)]
    public async Task Bad_parameters_show_wechats_error_code(string redirectUri, string scope, string state, int errCode)
    {
        var (app, persona) = await OfficialAccountAsync();
        var url = new Uri(host.Root, $"open/connect/oauth2/authorize?appid={app.AppId}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={scope}&state={state}");

        Assert.Equal(errCode, await ErrCodeAsync(url, persona.Id));
    }

    [Fact]
    public async Task An_open_platform_appid_is_10016_and_a_missing_appid_10012()
    {
        var website = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { CallbackDomain = "oa.example.com" });
        var persona = await host.PersonaAsync();

        Assert.Equal(10016, await ErrCodeAsync(Authorize(website, "snsapi_base", "s"), persona.Id));
        Assert.Equal(10012, await ErrCodeAsync(new Uri(host.Root, "open/connect/oauth2/authorize?scope=snsapi_base&state=s"), persona.Id));
    }

    [Fact]
    public void The_url_builders_encode_the_redirect_and_end_with_wechat_redirect()
    {
        var endpoints = WeChatEndpoints.Real;

        var authorize = WeChatAuthorizeUrls.OAuth2Authorize(endpoints, "wxabc", "https://a.example.com/cb?x=1", "snsapi_userinfo", "S1");
        var qr = WeChatAuthorizeUrls.QrConnect(endpoints, "wxabc", "https://a.example.com/cb", "S2");

        Assert.Equal("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxabc&redirect_uri=https%3A%2F%2Fa.example.com%2Fcb%3Fx%3D1&response_type=code&scope=snsapi_userinfo&state=S1#wechat_redirect", authorize.AbsoluteUri);
        Assert.Equal("https://open.weixin.qq.com/connect/qrconnect?appid=wxabc&redirect_uri=https%3A%2F%2Fa.example.com%2Fcb&response_type=code&scope=snsapi_login&state=S2#wechat_redirect", qr.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => WeChatAuthorizeUrls.OAuth2Authorize(endpoints, "wxabc", "https://a.example.com/cb", "snsapi_base", "not valid"));
    }

    private async Task<(SandboxApp App, Persona Persona)> OfficialAccountAsync()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount) { OpenPlatformAccount = "open-h5", CallbackDomain = "oa.example.com" });
        return (app, await host.PersonaAsync());
    }

    private Uri Authorize(SandboxApp app, string scope, string state) =>
        WeChatAuthorizeUrls.OAuth2Authorize(WeChatEndpoints.Sandbox(host.Root), app.AppId, Callback, scope, state);

    // The virtual phone's cookie says which persona is holding the phone.
    private async Task<HttpResponseMessage> GetAsync(Uri url, string? personaCookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (personaCookie is not null)
        {
            request.Headers.Add("Cookie", "sandbox_persona=" + personaCookie);
        }

        return await host.NoRedirectHttp().SendAsync(request);
    }

    private async Task<HttpResponseMessage> DecideAsync(string consentPage, string decision)
    {
        using var form = new FormUrlEncodedContent([new("consent", ConsentPattern().Match(consentPage).Groups[1].Value), new("decision", decision)]);
        return await host.NoRedirectHttp().PostAsync(new Uri(host.Root, "open/connect/oauth2/authorize/decide"), form);
    }

    private async Task<int?> ErrCodeAsync(Uri url, string personaId)
    {
        using var response = await GetAsync(url, personaId);
        var match = ErrCodePattern().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static string CodeOf(HttpResponseMessage response) =>
        Uri.UnescapeDataString(CodePattern().Match(response.Headers.Location!.ToString()).Groups[1].Value);

    [GeneratedRegex("name=\"consent\" value=\"([^\"]+)\"")]
    private static partial Regex ConsentPattern();

    [GeneratedRegex("data-errcode=\"(\\d+)\"")]
    private static partial Regex ErrCodePattern();

    [GeneratedRegex("[?&]code=([^&#]+)")]
    private static partial Regex CodePattern();
}
