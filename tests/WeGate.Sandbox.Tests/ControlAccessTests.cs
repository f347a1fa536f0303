using System.Net;
using System.Text;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Tests;

public sealed class ControlSecretSandboxHost : SandboxHost
{
    public const string Secret = "correct-horse-battery-staple-0123456789";

    protected override SandboxOptions Options() => new() { ControlSecret = Secret };
}

// Callers on other machines: refused by default, naming the setting; admitted with the control secret
// as a bearer token, or, in a browser, through the virtual phone's unlock form and its cookie.
public sealed class ControlAccessTests(SandboxHost open, ControlSecretSandboxHost locked)
    : IClassFixture<SandboxHost>, IClassFixture<ControlSecretSandboxHost>
{
    public static readonly TheoryData<string, string> PersonaActions = new()
    {
        { "GET", "control/apps" },
        { "POST", "control/personas" },
        { "GET", "control/scannables" },
        { "GET", "control/outbox" },
        { "PUT", "control/faults" },
        { "GET", "open/connect/confirm?uuid=x&sandbox_persona=mei" },
        { "GET", "open/connect/oauth2/authorize?appid=wx1&sandbox_persona=mei" },
        { "POST", "open/connect/confirm/decide" },
    };

    [Theory]
    [MemberData(nameof(PersonaActions))]
    public async Task Without_a_secret_set_other_machines_are_refused_with_403_naming_the_setting(string method, string path)
    {
        using var response = await open.RemoteHttp().SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(open.Root, path)) { Content = Json("{}") });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ControlSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PersonaActions))]
    public async Task With_a_secret_set_other_machines_need_it_as_a_bearer_token(string method, string path)
    {
        using var none = await locked.RemoteHttp().SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(locked.Root, path)) { Content = Json("{}") });
        using var wrong = await locked.RemoteHttp().SendAsync(Bearer(method, path, "wrong"));
        using var right = await locked.RemoteHttp().SendAsync(Bearer(method, path, ControlSecretSandboxHost.Secret));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (none.StatusCode, wrong.StatusCode));
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.NotEqual(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, right.StatusCode);
    }

    [Fact]
    public async Task The_control_client_sends_the_secret_and_this_machine_needs_none()
    {
        var remote = new SandboxControlClient(locked.RemoteHttp(), locked.Root, ControlSecretSandboxHost.Secret);

        var app = await remote.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website));
        await remote.ClearCallsAsync();

        Assert.Contains(await locked.Control.ListAppsAsync(), listed => listed.AppId == app.AppId);
    }

    [Fact]
    public async Task The_wechat_api_and_the_pc_login_page_stay_open_to_other_machines()
    {
        var app = await locked.AppAsync(SandboxAppType.OfficialAccount);

        using var token = await locked.RemoteHttp().GetAsync(new Uri(locked.Root, $"api/cgi-bin/token?grant_type=client_credential&appid={app.AppId}&secret={app.Secret}"));
        using var page = await locked.RemoteHttp().GetAsync(new Uri(locked.Root, "open/connect/qrconnect?appid=wx1"));

        Assert.Contains("access_token", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_browser_elsewhere_unlocks_the_virtual_phone_with_the_secret_and_its_cookie_admits_the_phones_calls()
    {
        var browser = locked.RemoteHttp(redirects: false);
        using var locked1 = await browser.GetAsync(new Uri(locked.Root, "phone"));
        using var refused = await browser.PostAsync(new Uri(locked.Root, "phone/unlock"), Form("wrong"));
        using var unlocked = await browser.PostAsync(new Uri(locked.Root, "phone/unlock"), Form(ControlSecretSandboxHost.Secret));
        var cookie = unlocked.Headers.GetValues("Set-Cookie").Single();
        var withCookie = locked.RemoteHttp();
        withCookie.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);

        using var phone = await withCookie.GetAsync(new Uri(locked.Root, "phone"));
        using var scannables = await withCookie.GetAsync(new Uri(locked.Root, "control/scannables"));

        Assert.Contains("data-page=\"unlock\"", await locked1.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/sandbox/phone"), (unlocked.StatusCode, unlocked.Headers.Location?.ToString()));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ControlSecretSandboxHost.Secret, cookie, StringComparison.Ordinal);
        Assert.Contains("phone.js", await phone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scannables.StatusCode);
    }

    [Fact]
    public async Task Without_a_secret_the_phone_page_elsewhere_names_the_setting_and_on_this_machine_just_opens()
    {
        using var elsewhere = await open.RemoteHttp().GetAsync(new Uri(open.Root, "phone"));
        using var here = await open.Http().GetAsync(new Uri(open.Root, "phone"));

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("ControlSecret", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("phone.js", await here.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpRequestMessage Bearer(string method, string path, string secret)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(locked.Root, path)) { Content = Json("{}") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(string secret) => new([new("secret", secret)]);
}
