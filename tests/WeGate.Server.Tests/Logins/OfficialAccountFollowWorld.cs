using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using WeGate.Core.Audit;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Phone;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;
using WeGate.Server.Pages;
using WeGate.Server.Tests.OidcFlow;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Server.Tests.Logins;

// Flow 1's world: a sandbox official account whose server URL is WeGate's callback for an oa-follow
// connection, a public application using it, and a browser on the hosted login page.
public abstract partial class OfficialAccountFollowLogins
{
    protected const string FollowRedirect = "https://app.example.com/callback";

    protected sealed record FollowWorld(string Pool, string ClientId, SandboxApp App, string Slug, string Token, string CallbackPath);

    protected sealed record FollowPage(Browser Browser, string Ticket, string Request, string Verifier, string Html);

    protected async Task<FollowWorld> FollowWorldAsync(MessageMode mode = MessageMode.Plaintext, string? openPlatform = "op-main", bool loginOnly = false)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var token = "tok" + Guid.NewGuid().ToString("N")[..20];
        var aesKey = mode == MessageMode.Plaintext ? null : EncodingAesKey.Generate().Text;
        var app = await Sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            OpenPlatformAccount = openPlatform, Token = token, EncodingAesKey = aesKey, MessageMode = mode,
        });
        const string slug = "follow";
        var created = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug, type = "oa-follow", display_name = "WeGate 公众号", app_id = app.AppId, app_secret = app.Secret, token, encoding_aes_key = aesKey,
            settings = new { message_mode = mode.ToString().ToLowerInvariant(), original_id = app.OriginalId }, login_only = loginOnly,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var callback = $"/pools/{pool}/login/oa-follow/{slug}/callback";
        await Sandbox.UpdateAppAsync(app.AppId, new UpdateAppRequest { ServerUrl = new Uri(Server.Http.BaseAddress!, callback).ToString() });
        var application = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "web-follow", display_name = "Follow Demo", type = "spa", redirect_uris = new[] { FollowRedirect },
            grants = new[] { "authorization_code" }, connections = new[] { slug },
        });
        Assert.Equal(201, (int)application.StatusCode);
        return new FollowWorld(pool, "web-follow", app, slug, token, callback);
    }

    // The person opens the application, which sends them to the hosted login page with the follow QR.
    protected async Task<FollowPage> OpenFollowPageAsync(FollowWorld w)
    {
        var (verifier, challenge) = Browser.Pkce();
        var browser = new Browser(Server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}" +
            $"&redirect_uri={Uri.EscapeDataString(FollowRedirect)}&scope=openid%20wechat&state=st-1&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.SeeOther, toLogin.StatusCode);
        var page = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var ticket = Regex.Match(html, "data-wegate-ticket=\"([^\"]+)\"");
        Assert.True(ticket.Success, "no follow QR on the login page:\n" + html);
        return new FollowPage(browser, WebUtility.HtmlDecode(ticket.Groups[1].Value), WebUtility.HtmlDecode(Regex.Match(html, "data-request=\"([^\"]+)\"").Groups[1].Value), verifier, html);
    }

    // The parametric QR the sandbox drew for this login ticket (its scene), as the phone's Scan screen lists it.
    protected async Task<Scannable> FollowQrAsync(FollowPage page)
    {
        var list = await Server.Http.GetFromJsonAsync<List<Scannable>>("/sandbox/control/scannables", SandboxControlJson.Options);
        return Assert.Single(list!, s => s.Kind == Scannable.OfficialAccountQr && s.Scene == page.Ticket);
    }

    // The phone scans (and follows, when not yet a follower); WeChat pushes the event and WeGate answers.
    protected async Task<SandboxDelivery> ScanFollowQrAsync(FollowPage page, string personaId)
    {
        var qr = await FollowQrAsync(page);
        var scan = await Sandbox.ScanAsync(new ScanRequest(qr.Id, personaId, Follow: true));
        Assert.NotNull(scan.DeliveryId);
        return await Sandbox.DeliveryAsync(scan.DeliveryId, wait: true);
    }

    protected async Task<string> TicketStateAsync(FollowWorld w, FollowPage page)
    {
        var status = await (await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}?request={page.Request}")).JsonAsync();
        return status.GetProperty("state").GetString()!;
    }

    // The login page's complete step, the code on the redirect, and the code redeemed for tokens.
    protected async Task<JsonElement> CompleteFollowLoginAsync(FollowWorld w, FollowPage page)
    {
        var done = await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}");
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.StartsWith(FollowRedirect + "?", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var code = Browser.Query(done.Headers.Location!)["code"];
        var token = await Server.Http.PostAsync($"/pools/{w.Pool}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = w.ClientId, ["code"] = code, ["redirect_uri"] = FollowRedirect, ["code_verifier"] = page.Verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return await token.JsonAsync();
    }

    protected async Task<IReadOnlyList<AuditEvent>> AuditAsync(string pool) =>
        await Server.Service<IAuditLog>().ListAsync(pool, 100);

    protected async Task<long> CountAsync(string table, string pool)
    {
        await using var c = await Server.Service<WeGate.Storage.Database>().OpenAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE pool = @pool", new { pool });
    }

    // The time passes: the ticket's five minutes are over.
    protected async Task ExpireTicketAsync(string pool, string ticket)
    {
        await using var c = await Server.Service<WeGate.Storage.Database>().OpenAsync();
        Assert.Equal(1, await c.ExecuteAsync("UPDATE login_tickets SET expires_at = 0 WHERE pool = @pool AND id = @ticket", new { pool, ticket }));
    }

    // WeChat's side of the callback, for pushes the sandbox would never send (forged, stale, malformed).
    protected static CallbackSender Sender(FollowWorld w) =>
        new(new CallbackAccount(w.Token, w.App.AppId, w.App.MessageMode, w.App.EncodingAesKey is { } key ? EncodingAesKey.Parse(key) : null), TimeProvider.System);

    protected async Task<HttpResponseMessage> PostCallbackAsync(FollowWorld w, CallbackQuery query, string body) =>
        await Server.Http.PostAsync(w.CallbackPath + "?" + query.ToQueryString(), new StringContent(body, System.Text.Encoding.UTF8, "text/xml"));
}
