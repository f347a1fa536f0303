using System.Net;
using WeGate.Core.Authorization;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.Server.Errors;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Tests.Logins;

// The website QR steps, which the account pages tests go through too.
public abstract partial class LoginContract
{
    protected static readonly (SandboxAppType, string, object?) WebsiteQr = (SandboxAppType.Website, "website-qr", null);

    // The login page's embedded QR, loaded as the browser loads the iframe, and the sandbox login it opened.
    protected async Task<(string State, QrLoginSession Session)> WebsiteQrFrameAsync(RedirectWorld w, RedirectBrowser browser, string html)
    {
        var frame = Attribute(html, "iframe", "src");
        var state = QueryValue(frame, "state");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(frame)).StatusCode);
        return (state, (await Sandbox.PendingQrLoginsAsync(w.App.AppId)).Single(s => s.State == state));
    }

    protected async Task<string> WebsiteQrApproveAsync(QrLoginSession session, string personaId)
    {
        await Sandbox.ScanQrLoginAsync(session.Id, personaId);
        var confirmed = await Sandbox.ConfirmQrLoginAsync(session.Id);
        Assert.Equal(QrLoginStatus.Confirmed, confirmed.Status);
        return confirmed.RedirectUrl!;
    }

    // The login page in `browser`, its website QR scanned and approved by `personaId`: the callback link
    // WeChat sends the browser to.
    protected async Task<string> WebsiteQrLinkAsync(RedirectWorld w, RedirectBrowser browser, string personaId)
    {
        var (html, _) = await LoginPageAsync(w, browser);
        var (_, session) = await WebsiteQrFrameAsync(w, browser, html);
        return await WebsiteQrApproveAsync(session, personaId);
    }
}

// Flow 2, website-qr (docs/logins.md#2-website-scan-website-qr): the login page embeds WeChat's QR (or sends the browser to
// the whole qrconnect page); the sandbox's control API is the phone that scans and approves or denies.
public abstract class WebsiteQrLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Fact]
    public async Task Website_QR_embedded_in_the_login_page_signs_a_new_person_in_with_their_unionid_and_profile()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync(nickname: "小红");
        using var browser = NewBrowser();
        var (html, _) = await LoginPageAsync(w, browser);
        var frame = Attribute(html, "iframe", "src");
        Assert.StartsWith(Server.Http.BaseAddress + "sandbox/open/connect/qrconnect?", frame, StringComparison.Ordinal);
        Assert.Equal("jssdk", QueryValue(frame, "login_type"));
        Assert.Equal($"{Server.Http.BaseAddress}pools/{w.Pool}/login/website-qr/callback", QueryValue(frame, "redirect_uri"));
        Assert.Contains("/login/website-qr.js", html, StringComparison.Ordinal);

        var (_, session) = await WebsiteQrFrameAsync(w, browser, html);
        var done = await browser.GetAsync(await WebsiteQrApproveAsync(session, persona.Id));

        var claims = await SignedInAsync(w, done);
        var identity = await Sandbox.IdentityAsync(w.App.AppId, persona.Id);
        Assert.Equal(identity.UnionId, claims.GetProperty("wechat_unionid").GetString());
        Assert.Equal("小红", claims.GetProperty("nickname").GetString());
        Assert.Equal(1, await UserCountAsync(w));
        Assert.Contains(await AuditAsync(w), e => e.GetProperty("type").GetString() == "login.created");
    }

    [Fact]
    public async Task The_login_page_allows_frames_from_the_WeChat_open_host_only_and_serves_the_QR_watch_script()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        using var browser = NewBrowser();
        var toLogin = await browser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}&redirect_uri={Uri.EscapeDataString(AppRedirect)}&scope=openid");
        var page = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.EndsWith($"frame-src {Server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)}", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);

        var script = await browser.GetAsync("/login/website-qr.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-wegate-website-qr", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_person_scanning_again_through_the_whole_qrconnect_page_reaches_the_same_account()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync();
        using var first = NewBrowser();
        var sub = (await SignedInAsync(w, await first.GetAsync(await WebsiteQrLinkAsync(w, first, persona.Id)))).GetProperty("sub").GetString();

        using var second = NewBrowser();
        var (page, _) = await LoginPageAsync(w, second);
        var start = await second.GetAsync(Attribute(page, "a data-website-qr-full-page", "href"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var qrconnect = start.Headers.Location!.AbsoluteUri;
        Assert.Contains("/sandbox/open/connect/qrconnect?", qrconnect, StringComparison.Ordinal);
        Assert.DoesNotContain("login_type", qrconnect, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(qrconnect)).StatusCode);
        var whole = (await Sandbox.PendingQrLoginsAsync(w.App.AppId)).Single(s => s.State == QueryValue(qrconnect, "state"));

        var again = await SignedInAsync(w, await second.GetAsync(await WebsiteQrApproveAsync(whole, persona.Id)));
        Assert.Equal(sub, again.GetProperty("sub").GetString());
        Assert.Equal(1, await UserCountAsync(w));
    }

    [Fact]
    public async Task A_denial_on_the_phone_creates_nothing_and_a_redirect_without_code_says_so_with_a_retry()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync();
        using var browser = NewBrowser();
        var (html, request) = await LoginPageAsync(w, browser);
        var (state, session) = await WebsiteQrFrameAsync(w, browser, html);
        await Sandbox.ScanQrLoginAsync(session.Id, persona.Id);
        var denied = await Sandbox.DenyQrLoginAsync(session.Id);

        // WeChat's usual answer: no redirect at all (the page's own timer offers a new QR; browser test).
        Assert.Equal(QrLoginStatus.Denied, denied.Status);
        Assert.Null(denied.RedirectUrl);
        Assert.Equal("300000", Attribute(html, "section", "data-timeout-ms"));
        Assert.Contains("data-website-qr-expired hidden", html, StringComparison.Ordinal);

        // The English doc's answer: back to redirect_uri with state and no code.
        var back = await browser.GetAsync($"/pools/{w.Pool}/login/website-qr/callback?state={state}");
        Assert.Equal(HttpStatusCode.Forbidden, back.StatusCode);
        var page = await back.Content.ReadAsStringAsync();
        Assert.Contains("You cancelled the sign-in in WeChat.", page, StringComparison.Ordinal);
        var retry = Attribute(page, "a class=\"wegate-button\" data-retry", "href");
        Assert.Equal($"/pools/{w.Pool}/login?request={request}", retry);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "denied in WeChat");

        var fresh = await browser.GetAsync(retry);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(state, QueryValue(Attribute(await fresh.Content.ReadAsStringAsync(), "iframe", "src"), "state"));
    }

    [Fact]
    public async Task A_code_brought_to_another_browser_does_not_sign_it_in()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var attacker = await PersonaAsync();
        using var theirs = NewBrowser();
        var link = await WebsiteQrLinkAsync(w, theirs, attacker.Id);

        using var victim = NewBrowser();
        await LoginPageAsync(w, victim);
        var forced = await victim.GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
        Assert.Contains("did not start in this browser", await forced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var madeUp = await victim.GetAsync($"/pools/{w.Pool}/login/website-qr/callback?code=x&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "state does not match this browser");
    }

    [Fact]
    public async Task A_replayed_callback_or_a_reused_code_is_refused_and_creates_nothing_more()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync();
        using var browser = NewBrowser();
        var link = await WebsiteQrLinkAsync(w, browser, persona.Id);
        await SignedInAsync(w, await browser.GetAsync(link));

        var replay = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);

        // The same code under a state this browser did start: WeChat says 40163.
        var (again, _) = await LoginPageAsync(w, browser);
        var state = QueryValue(Attribute(again, "iframe", "src"), "state");
        var reused = await browser.GetAsync($"/pools/{w.Pool}/login/website-qr/callback?code={QueryValue(link, "code")}&state={state}");
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        var page = await reused.Content.ReadAsStringAsync();
        Assert.Contains("errcode 40163", page, StringComparison.Ordinal);
        Assert.Contains("data-retry", page, StringComparison.Ordinal);
        Assert.Equal(1, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "errcode 40163");
    }

    [Theory]
    [InlineData(40029, nameof(WeGateErrors.WeChatRefusedCode))]
    [InlineData(42003, nameof(WeGateErrors.WeChatRefusedCode))]
    [InlineData(-1, nameof(WeGateErrors.WeChatUnavailable))]
    [InlineData(45011, nameof(WeGateErrors.WeChatUnavailable))]
    [InlineData(40125, nameof(WeGateErrors.WeChatRefusedConfiguration))]
    public async Task A_WeChat_errcode_at_the_code_exchange_is_explained_audited_and_creates_nobody(int errCode, string entry)
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync();
        using var browser = NewBrowser();
        var link = await WebsiteQrLinkAsync(w, browser, persona.Id);
        await Sandbox.SetFaultAsync(new SandboxFault("sns/oauth2/access_token") { ErrCode = errCode, Count = 1 });

        var response = await browser.GetAsync(link);

        var error = ErrorAssert.Entry(entry);
        Assert.Equal(error.Status, (int)response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"data-error-id=\"{error.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-retry", page, StringComparison.Ordinal);
        Assert.DoesNotContain(w.App.Secret, page, StringComparison.Ordinal);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", $"errcode {errCode}");
    }

    [Fact]
    public async Task A_login_request_that_expired_while_the_person_was_at_WeChat_ends_on_a_clear_page()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync();
        using var browser = NewBrowser();
        var (html, request) = await LoginPageAsync(w, browser);
        var (_, session) = await WebsiteQrFrameAsync(w, browser, html);
        var link = await WebsiteQrApproveAsync(session, persona.Id);
        await Server.Service<IAuthorizationRequestStore>().DeleteAsync(request);
        Server.Service<Interaction.ParkedRequests>().Forget(w.Pool, request); // as when it expires: this node forgets it too

        var response = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This sign-in page has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "login request expired");
    }

    [Fact]
    public async Task A_failing_profile_call_still_signs_the_person_in_without_the_WeChat_profile()
    {
        var w = await RedirectWorldAsync(WebsiteQr);
        var persona = await PersonaAsync(nickname: "小刚");
        using var browser = NewBrowser();
        var link = await WebsiteQrLinkAsync(w, browser, persona.Id);
        await Sandbox.SetFaultAsync(new SandboxFault("sns/userinfo") { ErrCode = 48001, Count = 1 });

        var claims = await SignedInAsync(w, await browser.GetAsync(link));

        Assert.False(claims.TryGetProperty("nickname", out _));
        Assert.Equal((await Sandbox.IdentityAsync(w.App.AppId, persona.Id)).UnionId, claims.GetProperty("wechat_unionid").GetString());
    }

    [Fact]
    public async Task A_request_naming_a_connection_goes_straight_to_WeChat_where_the_login_can_start_without_the_page()
    {
        var both = await RedirectWorldAsync(WebsiteQr, (SandboxAppType.OfficialAccount, "oa-web", new { scope = "snsapi_base" }));
        async Task<string> LoginAnswerAsync(RedirectBrowser browser, string connection)
        {
            var toLogin = await browser.GetAsync($"/pools/{both.Pool}/oauth2/authorize?response_type=code&client_id={both.ClientId}" +
                $"&redirect_uri={Uri.EscapeDataString(AppRedirect)}&scope=openid&state=st-123&connection={connection}");
            var login = await browser.GetAsync(toLogin.Headers.Location!.OriginalString);
            return login.StatusCode == HttpStatusCode.SeeOther ? login.Headers.Location!.OriginalString : $"page {(int)login.StatusCode}";
        }

        using var pc = NewBrowser();
        Assert.StartsWith($"/pools/{both.Pool}/login/website-qr/start?request=", await LoginAnswerAsync(pc, "website-qr"), StringComparison.Ordinal);
        // oa-web works only inside WeChat: elsewhere the page is shown, offering what works there.
        Assert.Equal("page 200", await LoginAnswerAsync(pc, "oa-web"));
        using var phone = NewBrowser(WeChatUserAgent);
        var start = await LoginAnswerAsync(phone, "oa-web");
        Assert.StartsWith($"/pools/{both.Pool}/login/oa-web/start?request=", start, StringComparison.Ordinal);
        var wechat = await phone.GetAsync(start);
        Assert.Contains("/sandbox/open/connect/oauth2/authorize?", wechat.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inside_WeChat_the_login_page_offers_oa_web_instead_of_the_QR_when_both_are_enabled()
    {
        var both = await RedirectWorldAsync(WebsiteQr, (SandboxAppType.OfficialAccount, "oa-web", new { scope = "snsapi_base" }));
        using var pc = NewBrowser();
        var (onPc, _) = await LoginPageAsync(both, pc);
        Assert.Contains("<iframe", onPc, StringComparison.Ordinal);
        Assert.DoesNotContain("data-oa-web", onPc, StringComparison.Ordinal);

        using var phone = NewBrowser(WeChatUserAgent);
        var (inWeChat, _) = await LoginPageAsync(both, phone);
        Assert.DoesNotContain("<iframe", inWeChat, StringComparison.Ordinal);
        Assert.Contains("data-oa-web", inWeChat, StringComparison.Ordinal);

        var qrOnly = await RedirectWorldAsync(WebsiteQr);
        using var phone2 = NewBrowser(WeChatUserAgent);
        var (alone, _) = await LoginPageAsync(qrOnly, phone2);
        Assert.Contains("<iframe", alone, StringComparison.Ordinal);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteWebsiteQrLogins(SqliteSandboxServer f) : WebsiteQrLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresWebsiteQrLogins(PostgresSandboxServer f) : WebsiteQrLogins(f.Db, () => f.Server);
