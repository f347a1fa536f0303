using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Registry;
using WeGate.Server.Pages;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Logins;

// Flow 3's helpers: a PC site whose hosted login page shows the mp-qr code, and the calls its mini
// program makes.
public abstract partial class MiniProgramQrLogins
{
    private const string MpQrRedirect = "https://pc.example.com/callback";

    // The login page as the PC browser got it. Ticket is null when the page shows no code.
    private sealed record MpQrPage(Browser Browser, string? Ticket, string Request, string Html, string Verifier);

    // An mp-qr connection and a PC site (a public client with the authorization-code grant) using it.
    private async Task<World> MpQrWorldAsync(bool loginOnly = false)
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "mp-qr", appType2: "spa", settings: _ => new { page = "pages/login/index" }, loginOnly: loginOnly);
        var site = await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/applications", new
        {
            client_id = "pc-site", display_name = "PC Site", type = "spa", redirect_uris = new[] { MpQrRedirect },
            grants = new[] { "authorization_code" }, connections = new[] { w.Slug },
        });
        Assert.Equal(201, (int)site.StatusCode);
        return w with { ClientId = "pc-site" };
    }

    private async Task<MpQrPage> OpenMpQrPageAsync(World w, string locale = "en")
    {
        var (verifier, challenge) = Browser.Pkce();
        var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString(MpQrRedirect)}&scope=openid%20profile%20phone&state=st-3&nonce=n-3" +
            $"&code_challenge={challenge}&code_challenge_method=S256&ui_locales={locale}");
        Assert.Equal(HttpStatusCode.SeeOther, toLogin.StatusCode);
        var page = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var ticket = Regex.Match(html, "data-wegate-ticket=\"([^\"]+)\"");
        return new MpQrPage(browser, ticket.Success ? WebUtility.HtmlDecode(ticket.Groups[1].Value) : null, Browser.Hidden(html, "request"), html, verifier);
    }

    private Task<HttpResponseMessage> MpQrConfirmAsync(World w, object body) =>
        Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/mp-qr/confirm", body);

    // What the mini program posts: the scene it was opened with, its wx.login code and maybe a phone code.
    private sealed record MpQrCodes(
        [property: JsonPropertyName("scene")] string Scene,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("phone_code")] string? PhoneCode);

    private async Task<MpQrCodes> MpQrCodesAsync(World w, string scene, Persona persona, bool phone = false) =>
        new(scene, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            phone ? (await Sandbox.IssuePhoneCodeAsync(w.App.AppId, persona.Id)).Code : null);

    private static async Task<string> MpQrStateAsync(World w, MpQrPage page, string? ticket = null) =>
        (await (await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{ticket ?? page.Ticket}?request={page.Request}")).JsonAsync()).GetProperty("state").GetString()!;

    // The page's last step (what ticket.js does once the ticket is confirmed), then the PC site's code redemption.
    private async Task<JsonElement> MpQrCompleteAsync(World w, MpQrPage page)
    {
        var done = await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}");
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.StartsWith(MpQrRedirect + "?", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var query = Browser.Query(done.Headers.Location!);
        Assert.Equal("st-3", query["state"]);
        var tokens = await Server.Http.PostAsync($"/pools/{w.Pool}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = w.ClientId, ["code"] = query["code"], ["redirect_uri"] = MpQrRedirect, ["code_verifier"] = page.Verifier,
        }));
        Assert.Equal(200, (int)tokens.StatusCode);
        return await UserInfoAsync(w, (await tokens.JsonAsync()).GetProperty("access_token").GetString()!);
    }

    private async Task<int> MpQrUserCountAsync(World w) =>
        (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users")).JsonAsync()).GetProperty("users").GetArrayLength();

    private async Task<List<(string Type, string? Reason)>> MpQrAuditAsync(World w) =>
        [.. (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/audit-events")).JsonAsync()).EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString()!, e.TryGetProperty("reason", out var r) ? r.GetString() : null))];

    private async Task<int> MpQrCallsAsync(World w, string path) =>
        (await Sandbox.CallsAsync(path)).Count(c => c.AppId == w.App.AppId);
}
