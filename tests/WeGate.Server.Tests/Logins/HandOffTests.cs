using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Sandbox.Registry;
using WeGate.Server.Errors;
using WeGate.Server.Login.AppMiniProgram;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Mobile;
using WeGate.Server.Pages;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Logins;

// A token-exchange login that needs the person (account selection, ask to bind) answers
// interaction_required with an auth_session; the application's ordinary authorization request with
// auth_session added takes the person to the account page and ends with a code (docs/oidc.md).
public abstract class HandOffLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    // An https redirect: a universal link / App Link for the native app, a web-view page for the mini program.
    private const string NativeRedirect = "https://app.example.com/oauth/callback";

    // The world's application also does the authorization code flow, as a native app does in the system browser.
    private async Task AllowCodeFlowAsync(World w)
    {
        var put = await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/applications/{w.ClientId}", new
        {
            redirect_uris = new[] { NativeRedirect },
            grants = new[] { "urn:ietf:params:oauth:grant-type:token-exchange", "refresh_token", "authorization_code" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private static async Task<(string Handle, string Interaction)> InteractionRequiredAsync(HttpResponseMessage response)
    {
        var body = await ErrorAssert.AnswersAsync(response, WeGateErrors.AccountStepNeeded);
        Assert.DoesNotContain("administrator", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(600, body.GetProperty("expires_in").GetInt32());
        var handle = body.GetProperty("auth_session").GetString()!;
        Assert.Equal(43, handle.Length);
        return (handle, body.GetProperty("interaction").GetString()!);
    }

    // authorize?…&auth_session= in a browser; answers the response (303 to the account page, or to the app with an error).
    private static Task<HttpResponseMessage> AuthorizeWithAsync(RedirectBrowser browser, World w, string handle, string challenge, string extra = "") =>
        browser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}&redirect_uri={Uri.EscapeDataString(NativeRedirect)}" +
            $"&scope={Uri.EscapeDataString("openid profile wechat")}&state=st-9&code_challenge={challenge}&code_challenge_method=S256&auth_session={handle}{extra}");

    // The native app's side of the redirect: the code is redeemed with the PKCE verifier; answers the tokens.
    private async Task<JsonElement> RedeemAsync(World w, HttpResponseMessage done, string verifier)
    {
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.StartsWith(NativeRedirect + "?", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var query = Browser.Query(done.Headers.Location);
        Assert.Equal("st-9", query["state"]);
        var tokens = await Server.Http.PostAsync($"/pools/{w.Pool}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = query["code"], ["redirect_uri"] = NativeRedirect, ["client_id"] = w.ClientId, ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        return await tokens.JsonAsync();
    }

    // The exchange's PKCE challenge, which binds a hand-off to the app that made it.
    private static Dictionary<string, string> Challenge(string challenge) => new() { ["code_challenge"] = challenge, ["code_challenge_method"] = "S256" };

    private static void AssertRedirected(HttpResponseMessage response, ErrorEntry entry)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith(NativeRedirect + "?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        ErrorAssert.Redirected(Browser.Query(response.Headers.Location), entry);
    }

    [Fact]
    public async Task A_mobile_login_that_must_ask_to_bind_hands_the_person_to_the_account_page_with_an_auth_session()
    {
        var w = await WorldAsync(SandboxAppType.Mobile, "mobile", appType2: "native", policy: "ask-to-bind");
        await AllowCodeFlowAsync(w);
        var persona = await PersonaAsync(nickname: "新来的");
        var code = (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, persona.Id, "snsapi_userinfo")).Code;
        var (verifier, challenge) = Browser.Pkce();

        var (handle, interaction) = await InteractionRequiredAsync(await ExchangeAsync(w, MobileExchange.TokenType, code, Challenge(challenge)));
        Assert.Equal("bind_account", interaction);
        Assert.Empty((await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users")).JsonAsync()).GetProperty("users").EnumerateArray());

        using var browser = NewBrowser();
        // prompt=none cannot show the page; the auth_session is not spent by asking.
        AssertRedirected(await AuthorizeWithAsync(browser, w, handle, challenge, "&prompt=none"), WeGateErrors.HandOffNeedsPerson);
        AssertRedirected(await AuthorizeWithAsync(browser, w, SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32)), challenge), WeGateErrors.HandOffUnknown);

        var toAccount = await AuthorizeWithAsync(browser, w, handle, challenge);
        Assert.Equal(HttpStatusCode.SeeOther, toAccount.StatusCode);
        Assert.Equal($"/pools/{w.Pool}/login/account", toAccount.Headers.Location!.OriginalString);
        var html = await (await browser.GetAsync(toAccount.Headers.Location.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("/login/account/create", html, StringComparison.Ordinal);
        // Single use: a second browser (or a replay) with the same auth_session gets nowhere.
        using var replay = NewBrowser();
        AssertRedirected(await AuthorizeWithAsync(replay, w, handle, challenge), WeGateErrors.HandOffUnknown);

        var done = await browser.PostFormAsync($"/pools/{w.Pool}/login/account/create",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken") });
        var tokens = await RedeemAsync(w, done, verifier);
        var claims = await UserInfoAsync(w, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("新来的", claims.GetProperty("nickname").GetString());
        var idToken = CompactJwt.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("wechat-mobile", Assert.Single(idToken.GetProperty("amr").EnumerateArray()).GetString());

        // Linked now: the next exchange gives tokens straight away, for the same account.
        var again = await ExchangeAsync(w, MobileExchange.TokenType, (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, persona.Id, "snsapi_userinfo")).Code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(claims.GetProperty("sub").GetString(), (await UserInfoAsync(w, (await again.JsonAsync()).GetProperty("access_token").GetString()!)).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_mini_program_login_that_reaches_two_accounts_lets_the_person_choose_once_in_the_browser()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync();
        var identity = await Sandbox.IdentityAsync(w.App.AppId, persona.Id);
        var users = Server.Service<IUserStore>();
        var viaUnion = await users.CreateAsync(new NewUser(w.Pool, new UserProfile { Nickname = "App me" }, [new(IdentityKind.WeChatUnionId, identity.UnionId!)]));
        var viaOpenId = await users.CreateAsync(new NewUser(w.Pool, new UserProfile { Nickname = "Mini program me" },
            [new(IdentityKind.WeChatOpenId, $"{w.App.AppId}:{identity.OpenId}")]));

        // An application without the code flow is told what its administrator must add.
        var unready = await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code), WeGateErrors.AccountStepNeedsChallenge);
        Assert.Contains("authorization_code grant and a redirect URI", unready.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        await AllowCodeFlowAsync(w);
        // Without a code_challenge the hand-off cannot be bound to the app: no auth_session.
        var unbound = await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code), WeGateErrors.AccountStepNeedsChallenge);
        Assert.False(unbound.TryGetProperty("auth_session", out _));

        var (verifier, challenge) = Browser.Pkce();
        var exchanged = await ExchangeAsync(w, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code, Challenge(challenge));
        var (handle, interaction) = await InteractionRequiredAsync(exchanged);
        Assert.Equal("select_account", interaction);

        using var browser = NewBrowser();
        var toAccount = await AuthorizeWithAsync(browser, w, handle, challenge);
        var html = await (await browser.GetAsync(toAccount.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("App me", html, StringComparison.Ordinal);
        Assert.Contains("Mini program me", html, StringComparison.Ordinal);
        var done = await browser.PostFormAsync($"/pools/{w.Pool}/login/account/select", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"), ["user_id"] = viaOpenId.Id,
        });
        var tokens = await RedeemAsync(w, done, verifier);
        Assert.Equal(viaOpenId.Id, (await UserInfoAsync(w, tokens.GetProperty("access_token").GetString()!)).GetProperty("sub").GetString());

        // The choice is remembered: the mini program's next login gives tokens for that account directly.
        var again = await ExchangeAsync(w, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(viaOpenId.Id, (await UserInfoAsync(w, (await again.JsonAsync()).GetProperty("access_token").GetString()!)).GetProperty("sub").GetString());
        Assert.Single(await users.GetIdentitiesAsync(w.Pool, viaUnion.Id));
    }

    [Fact]
    public async Task An_app_redeeming_a_ticket_whose_person_must_link_an_account_hands_over_once_and_a_login_only_page_offers_linking_only()
    {
        var w = await AppMpWorldAsync(policy: "ask-to-bind", loginOnly: true);
        await AllowCodeFlowAsync(w);
        var member = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { username = "zhao", password = "zhao-password-123" })).JsonAsync();
        var persona = await PersonaAsync();
        var opened = await OpenTicketAsync(w);
        var ticket = opened.GetProperty("ticket").GetString()!;
        var secret = new Dictionary<string, string> { ["ticket_secret"] = opened.GetProperty("ticket_secret").GetString()! };

        var confirmed = await ConfirmAsync(w, ticket, new { code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code });
        Assert.Equal(HttpStatusCode.Forbidden, confirmed.StatusCode);
        Assert.Contains("back to the app", (await confirmed.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);

        // Without a code_challenge the app is told to send one, and the ticket is kept for that.
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, secret), WeGateErrors.AccountStepNeedsChallenge);
        var (verifier, challenge) = Browser.Pkce();
        var withChallenge = new Dictionary<string, string>(secret.Concat(Challenge(challenge)));
        var (handle, interaction) = await InteractionRequiredAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, withChallenge));
        Assert.Equal("bind_account", interaction);
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, withChallenge), WeGateErrors.TicketEnded);

        using var browser = NewBrowser();
        var html = await (await browser.GetAsync((await AuthorizeWithAsync(browser, w, handle, challenge)).Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("/login/account/create", html, StringComparison.Ordinal);
        var done = await browser.PostFormAsync($"/pools/{w.Pool}/login/account/bind", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"), ["login"] = "zhao", ["password"] = "zhao-password-123",
        });
        var tokens = await RedeemAsync(w, done, verifier);
        Assert.Equal(member.GetProperty("user").GetProperty("id").GetString(), (await UserInfoAsync(w, tokens.GetProperty("access_token").GetString()!)).GetProperty("sub").GetString());
        Assert.Equal("wechat-miniprogram", Assert.Single(CompactJwt.Payload(tokens.GetProperty("id_token").GetString()!).GetProperty("amr").EnumerateArray()).GetString());
    }

    // The account takeover an outside audit found: an attacker exchanges their own WeChat code, sends the
    // authorization URL with their auth_session to a victim, and the victim links the attacker's WeChat to
    // the victim's account with the victim's password. Now the victim sees whose WeChat it is, and the
    // link never happens: it waits for the code's redemption with the attacker's verifier, and the code
    // lands on the victim's side of the redirect.
    [Fact]
    public async Task A_victim_who_opens_an_attackers_hand_off_link_and_signs_in_links_nothing()
    {
        var w = await WorldAsync(SandboxAppType.Mobile, "mobile", appType2: "native", policy: "ask-to-bind");
        await AllowCodeFlowAsync(w);
        var victim = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { username = "victim", password = "victim-password-123" })).JsonAsync();
        var victimId = victim.GetProperty("user").GetProperty("id").GetString()!;
        var attacker = await PersonaAsync(nickname: "Mallory");
        var (_, attackerChallenge) = Browser.Pkce();
        var (handle, _) = await InteractionRequiredAsync(await ExchangeAsync(w, MobileExchange.TokenType,
            (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, attacker.Id, "snsapi_userinfo")).Code, Challenge(attackerChallenge)));

        // A link with another code_challenge than the exchange's is refused (and the auth_session is spent).
        using (var other = NewBrowser())
            AssertRedirected(await AuthorizeWithAsync(other, w, handle, Browser.Pkce().Challenge), WeGateErrors.HandOffChallengeMismatch);
        (handle, _) = await InteractionRequiredAsync(await ExchangeAsync(w, MobileExchange.TokenType,
            (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, attacker.Id, "snsapi_userinfo")).Code, Challenge(attackerChallenge)));

        using var victimBrowser = NewBrowser();
        var page = await AuthorizeWithAsync(victimBrowser, w, handle, attackerChallenge);
        var html = await (await victimBrowser.GetAsync(page.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("Mallory", html, StringComparison.Ordinal);
        Assert.Contains("If someone sent you this link, close this page", html, StringComparison.Ordinal);
        var done = await victimBrowser.PostFormAsync($"/pools/{w.Pool}/login/account/bind", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"), ["login"] = "victim", ["password"] = "victim-password-123",
        });

        // The code went to the app's redirect URI on the victim's side; the victim's app has no verifier for it.
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        var code = Browser.Query(done.Headers.Location!)["code"];
        var redeemed = await Server.Http.PostAsync($"/pools/{w.Pool}/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = NativeRedirect, ["client_id"] = w.ClientId, ["code_verifier"] = Browser.Pkce().Verifier,
        }));
        await ErrorAssert.AnswersAsync(redeemed, WeGateErrors.VerifierMismatch);

        // Nothing was linked: the victim's account has no WeChat, and the attacker's next exchange is asked to bind again.
        Assert.DoesNotContain(await Server.Service<IUserStore>().GetIdentitiesAsync(w.Pool, victimId), i => i.Kind.StartsWith("wechat", StringComparison.Ordinal));
        var next = await ExchangeAsync(w, MobileExchange.TokenType, (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, attacker.Id, "snsapi_userinfo")).Code, Challenge(attackerChallenge));
        await ErrorAssert.AnswersAsync(next, WeGateErrors.AccountStepNeeded);
        // And the victim's browser holds no session of anyone's from the hand-off.
        var fresh = await victimBrowser.GetAsync($"/pools/{w.Pool}/oauth2/authorize?response_type=code&client_id={w.ClientId}&redirect_uri={Uri.EscapeDataString(NativeRedirect)}" +
            $"&scope=openid&code_challenge={Browser.Pkce().Challenge}&code_challenge_method=S256");
        Assert.StartsWith($"/pools/{w.Pool}/login?", fresh.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_off_that_would_link_an_account_already_linked_to_another_wechat_says_so_on_the_page()
    {
        var w = await WorldAsync(SandboxAppType.Mobile, "mobile", appType2: "native", policy: "ask-to-bind");
        await AllowCodeFlowAsync(w);
        await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { username = "zhao", password = "zhao-password-123" });

        async Task<HttpResponseMessage> BindAsync(string personaId, string challenge)
        {
            var (handle, _) = await InteractionRequiredAsync(await ExchangeAsync(w, MobileExchange.TokenType,
                (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, personaId, "snsapi_userinfo")).Code, Challenge(challenge)));
            using var browser = NewBrowser();
            var html = await (await browser.GetAsync((await AuthorizeWithAsync(browser, w, handle, challenge)).Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
            return await browser.PostFormAsync($"/pools/{w.Pool}/login/account/bind", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken"), ["login"] = "zhao", ["password"] = "zhao-password-123",
            });
        }

        var (verifier, challenge) = Browser.Pkce();
        await RedeemAsync(w, await BindAsync((await PersonaAsync()).Id, challenge), verifier);
        var second = await BindAsync((await PersonaAsync()).Id, challenge);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already linked to another WeChat", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteHandOffLogins(SqliteSandboxServer f) : HandOffLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresHandOffLogins(PostgresSandboxServer f) : HandOffLogins(f.Db, () => f.Server);
