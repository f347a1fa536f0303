using System.Net;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Logins;

// Flow 4, oa-web (docs/logins.md#4-in-wechat-web-page-oa-web): inside WeChat's browser the login page's button goes through the
// sandbox's oauth2/authorize page, acting as the persona named by sandbox_persona.
public abstract class OfficialAccountWebLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    private static (SandboxAppType, string, object?) OaWeb(string scope) => (SandboxAppType.OfficialAccount, "oa-web", new { scope });

    // The login page's button, as a person inside WeChat taps it: answers WeChat's authorize URL.
    private static async Task<string> OaWebStartAsync(RedirectWorld w, RedirectBrowser phone)
    {
        var (html, _) = await LoginPageAsync(w, phone);
        var start = await phone.GetAsync(Attribute(html, "a class=\"wegate-button\" data-oa-web", "href"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return start.Headers.Location!.AbsoluteUri;
    }

    // WeChat's authorize page as `persona`; answers where it sends the browser (or the consent page).
    private static async Task<HttpResponseMessage> OaWebAuthorizeAsync(RedirectBrowser phone, string authorize, string personaId)
    {
        Assert.EndsWith("#wechat_redirect", authorize, StringComparison.Ordinal);
        return await phone.GetAsync(authorize.Split('#')[0] + "&sandbox_persona=" + Uri.EscapeDataString(personaId));
    }

    private static async Task<HttpResponseMessage> OaWebConsentAsync(RedirectBrowser phone, HttpResponseMessage consentPage, string decision)
    {
        Assert.Equal(HttpStatusCode.OK, consentPage.StatusCode);
        var consent = Browser.Hidden(await consentPage.Content.ReadAsStringAsync(), "consent");
        var decided = await phone.PostFormAsync("/sandbox/open/connect/oauth2/authorize/decide", new Dictionary<string, string> { ["consent"] = consent, ["decision"] = decision });
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        return await phone.GetAsync(decided.Headers.Location!.AbsoluteUri);
    }

    // Through snsapi_base (and the snsapi_userinfo consent when WeGate asks for it) to the app's redirect.
    private async Task<System.Text.Json.JsonElement> OaWebSignInAsync(RedirectWorld w, string personaId, bool expectConsent)
    {
        using var phone = NewBrowser(WeChatUserAgent);
        var authorize = await OaWebStartAsync(w, phone);
        Assert.Equal("snsapi_base", QueryValue(authorize, "scope"));
        var back = await OaWebAuthorizeAsync(phone, authorize, personaId);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var done = await phone.GetAsync(back.Headers.Location!.AbsoluteUri);
        if (expectConsent)
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            var escalated = done.Headers.Location!.AbsoluteUri;
            Assert.Equal("snsapi_userinfo", QueryValue(escalated, "scope"));
            done = await OaWebConsentAsync(phone, await OaWebAuthorizeAsync(phone, escalated, personaId), "approve");
        }
        return await SignedInAsync(w, done);
    }

    [Fact]
    public async Task Inside_WeChat_snsapi_base_signs_a_person_in_silently()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_base"));
        var persona = await PersonaAsync();

        var first = await OaWebSignInAsync(w, persona.Id, expectConsent: false);
        var again = await OaWebSignInAsync(w, persona.Id, expectConsent: false);

        Assert.Equal(first.GetProperty("sub").GetString(), again.GetProperty("sub").GetString());
        Assert.Equal(1, await UserCountAsync(w));
    }

    [Fact]
    public async Task A_newcomer_is_asked_once_for_snsapi_userinfo_when_the_connection_wants_a_profile_and_returns_silently()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_userinfo"));
        var persona = await PersonaAsync(nickname: "阿华");

        var first = await OaWebSignInAsync(w, persona.Id, expectConsent: true);
        Assert.Equal("阿华", first.GetProperty("nickname").GetString());
        Assert.Equal((await Sandbox.IdentityAsync(w.App.AppId, persona.Id)).UnionId, first.GetProperty("wechat_unionid").GetString());

        var again = await OaWebSignInAsync(w, persona.Id, expectConsent: false);
        Assert.Equal(first.GetProperty("sub").GetString(), again.GetProperty("sub").GetString());
        Assert.Equal(1, await UserCountAsync(w));
    }

    [Fact]
    public async Task A_newcomer_who_declines_the_profile_gets_a_retry_and_no_account()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_userinfo"));
        var persona = await PersonaAsync();
        using var phone = NewBrowser(WeChatUserAgent);
        var back = await OaWebAuthorizeAsync(phone, await OaWebStartAsync(w, phone), persona.Id);
        var escalate = await phone.GetAsync(back.Headers.Location!.AbsoluteUri);

        var declined = await OaWebConsentAsync(phone, await OaWebAuthorizeAsync(phone, escalate.Headers.Location!.AbsoluteUri, persona.Id), "deny");

        Assert.Equal(HttpStatusCode.Forbidden, declined.StatusCode);
        var page = await declined.Content.ReadAsStringAsync();
        Assert.Contains("You cancelled the sign-in in WeChat.", page, StringComparison.Ordinal);
        Assert.Contains("data-retry", page, StringComparison.Ordinal);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "denied in WeChat");
    }

    [Fact]
    public async Task A_snapshot_page_user_is_refused_with_a_page_that_says_to_tap_use_full_service()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_userinfo"));
        var persona = await Sandbox.CreatePersonaAsync(new Persona("snap-" + Guid.NewGuid().ToString("N")[..8]) { Snapshot = true });
        using var phone = NewBrowser(WeChatUserAgent);
        var back = await OaWebAuthorizeAsync(phone, await OaWebStartAsync(w, phone), persona.Id);

        // snsapi_base is never a snapshot (docs/wechat-contract.md#snapshot-pages); the page opens as one when WeGate asks for
        // snsapi_userinfo, and WeChat hands out virtual ids without asking.
        var escalate = await phone.GetAsync(back.Headers.Location!.AbsoluteUri);
        var snapshot = await OaWebAuthorizeAsync(phone, escalate.Headers.Location!.AbsoluteUri, persona.Id);
        Assert.Equal(HttpStatusCode.Redirect, snapshot.StatusCode);
        var refused = await phone.GetAsync(snapshot.Headers.Location!.AbsoluteUri);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("使用完整服务", page, StringComparison.Ordinal);
        Assert.Contains("Use full service", page, StringComparison.Ordinal);
        Assert.Contains("data-retry", page, StringComparison.Ordinal);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.refused", "snapshot");
    }

    [Theory]
    [InlineData(40163, 400)]
    [InlineData(40029, 400)]
    [InlineData(-1, 503)]
    public async Task A_WeChat_errcode_at_the_official_account_code_exchange_is_explained_audited_and_creates_nobody(int errCode, int status)
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_base"));
        var persona = await PersonaAsync();
        using var phone = NewBrowser(WeChatUserAgent);
        var back = await OaWebAuthorizeAsync(phone, await OaWebStartAsync(w, phone), persona.Id);
        await Sandbox.SetFaultAsync(new SandboxFault("sns/oauth2/access_token") { ErrCode = errCode, Count = 1 });

        var response = await phone.GetAsync(back.Headers.Location!.AbsoluteUri);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("data-retry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", $"errcode {errCode}");
    }

    [Fact]
    public async Task An_official_account_code_under_a_state_this_browser_did_not_start_is_refused()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_base"));
        var persona = await PersonaAsync();
        var code = (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, persona.Id, "snsapi_base")).Code;
        using var phone = NewBrowser(WeChatUserAgent);
        var authorize = await OaWebStartAsync(w, phone);

        var forged = await phone.GetAsync($"/pools/{w.Pool}/login/oa-web/callback?code={code}&state={new string('A', 32)}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var wrongFlow = await phone.GetAsync($"/pools/{w.Pool}/login/website-qr/callback?code={code}&state={QueryValue(authorize, "state")}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongFlow.StatusCode);
        Assert.Equal(0, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.failed", "state does not match this browser");
    }

    [Fact]
    public async Task Outside_WeChat_the_login_page_does_not_offer_oa_web()
    {
        var w = await RedirectWorldAsync(OaWeb("snsapi_base"));
        using var pc = NewBrowser();
        var (html, _) = await LoginPageAsync(w, pc);
        Assert.DoesNotContain("data-oa-web", html, StringComparison.Ordinal);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteOfficialAccountWebLogins(SqliteSandboxServer f) : OfficialAccountWebLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresOfficialAccountWebLogins(PostgresSandboxServer f) : OfficialAccountWebLogins(f.Db, () => f.Server);
