using System.Net;
using WeGate.Core.Users;
using WeGate.Sandbox.Registry;
using WeGate.Server.Pages;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Logins;

// docs/accounts.md#binding-policies in the browser: account selection and ask to bind, reached through a website QR login.
public abstract class AccountPages(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    private async Task<RedirectWorld> AskToBindWorldAsync()
    {
        var w = await RedirectWorldAsync((SandboxAppType.Website, "website-qr", null));
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/website-qr", new { binding_policy = "ask-to-bind" })).StatusCode);
        return w;
    }

    // Website QR sign-in of `persona` up to the page WeGate sends the browser to after WeChat.
    private async Task<HttpResponseMessage> WebsiteQrArrivalAsync(RedirectWorld w, RedirectBrowser browser, string personaId) =>
        await browser.GetAsync(await WebsiteQrLinkAsync(w, browser, personaId));

    private static async Task<HttpResponseMessage> PostAccountFormAsync(RedirectBrowser browser, string html, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken");
        return await browser.PostFormAsync(action, fields);
    }

    [Fact]
    public async Task Ask_to_bind_links_the_wechat_to_an_existing_account_proven_by_its_password()
    {
        var w = await AskToBindWorldAsync();
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { username = "li", password = "li-password-123" })).JsonAsync();
        var persona = await PersonaAsync();
        using var browser = NewBrowser();

        var toAccount = await WebsiteQrArrivalAsync(w, browser, persona.Id);
        Assert.Equal(HttpStatusCode.SeeOther, toAccount.StatusCode);
        Assert.Equal($"/pools/{w.Pool}/login/account", toAccount.Headers.Location!.OriginalString);
        var html = await (await browser.GetAsync(toAccount.Headers.Location.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("/login/account/create", html, StringComparison.Ordinal);

        var wrong = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/bind", new() { ["login"] = "li", ["password"] = "nope-nope-nope" });
        Assert.Contains("wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/bind", new() { ["login"] = "li", ["password"] = "li-password-123" });

        var claims = await SignedInAsync(w, done);
        Assert.Equal(user.GetProperty("user").GetProperty("id").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal((await Sandbox.IdentityAsync(w.App.AppId, persona.Id)).UnionId, claims.GetProperty("wechat_unionid").GetString());
        Assert.Equal(1, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.bound", "password");

        // Bound now: the next sign-in goes straight through.
        using var again = NewBrowser();
        await SignedInAsync(w, await WebsiteQrArrivalAsync(w, again, persona.Id));
    }

    [Theory]
    [InlineData("+8613700137000")]
    [InlineData("li.code@example.com")]
    public async Task Ask_to_bind_links_an_existing_account_proven_by_a_code_sent_to_its_phone_or_email(string recipient)
    {
        var w = await AskToBindWorldAsync();
        var isPhone = recipient.StartsWith('+');
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", isPhone ? new { phone = recipient } : (object)new { email = recipient })).JsonAsync();
        var persona = await PersonaAsync();
        using var browser = NewBrowser();
        var toAccount = await WebsiteQrArrivalAsync(w, browser, persona.Id);
        var html = await (await browser.GetAsync(toAccount.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();

        // Nobody uses this number: the page answers the same, and no code is sent.
        var stranger = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/bind/send", new() { ["recipient"] = "+8613000000001" });
        Assert.Contains("a code was sent", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Sandbox.OutboxAsync("+8613000000001"));

        var sent = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/bind/send", new() { ["recipient"] = recipient });
        var page = await sent.Content.ReadAsStringAsync();
        Assert.Contains("/login/account/bind/code", page, StringComparison.Ordinal);
        // Asking again within the resend interval reads the same as sending, keeps the code form open and
        // sends nothing new: the first code still works.
        var again = await (await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/bind/send", new() { ["recipient"] = recipient })).Content.ReadAsStringAsync();
        Assert.Contains("a code was sent", again, StringComparison.Ordinal);
        Assert.Contains("/login/account/bind/code", again, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"error\"", again, StringComparison.Ordinal);
        // The code leaves from the background sender, after the page answered.
        var message = Assert.Single(await Poll.UntilAsync(() => Sandbox.OutboxAsync(recipient), sent => sent.Count > 0, TimeSpan.FromSeconds(5)));
        var code = System.Text.RegularExpressions.Regex.Match(message.Body, "\\d{6}").Value;

        var wrong = await PostAccountFormAsync(browser, page, $"/pools/{w.Pool}/login/account/bind/code", new() { ["recipient"] = recipient, ["code"] = code == "000000" ? "111111" : "000000" });
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("wrong", wrongPage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/login/account/bind/code", wrongPage, StringComparison.Ordinal);
        var done = await PostAccountFormAsync(browser, page, $"/pools/{w.Pool}/login/account/bind/code", new() { ["recipient"] = recipient, ["code"] = code });

        var userId = user.GetProperty("user").GetProperty("id").GetString();
        Assert.Equal(userId, (await SignedInAsync(w, done)).GetProperty("sub").GetString());
        await AssertAuditedAsync(w, "login.bound", isPhone ? "sms code" : "email code");
        // The code proved the person holds the number or address: typed by an admin, it is verified now.
        Assert.False(Assert.Single(user.GetProperty("identities").EnumerateArray()).GetProperty("verified").GetBoolean());
        var identities = (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users/{userId}")).JsonAsync()).GetProperty("identities").EnumerateArray();
        Assert.True(Assert.Single(identities, i => i.GetProperty("identifier").GetString() == recipient).GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Ask_to_bind_creates_a_new_account_when_the_person_chooses_so()
    {
        var w = await AskToBindWorldAsync();
        var persona = await PersonaAsync(nickname: "新人");
        using var browser = NewBrowser();
        var toAccount = await WebsiteQrArrivalAsync(w, browser, persona.Id);
        var html = await (await browser.GetAsync(toAccount.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Equal(0, await UserCountAsync(w));

        var claims = await SignedInAsync(w, await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/create", new()));
        Assert.Equal("新人", claims.GetProperty("nickname").GetString());
        Assert.Equal(1, await UserCountAsync(w));
        var forged = await browser.PostFormAsync($"/pools/{w.Pool}/login/account/create", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task A_login_only_connection_that_asks_to_bind_offers_only_linking_an_existing_account()
    {
        var w = await AskToBindWorldAsync();
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/website-qr", new { login_only = true })).StatusCode);
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { username = "wang", password = "wang-password-123" })).JsonAsync();
        var persona = await PersonaAsync();

        using var newcomer = NewBrowser();
        var toAccount = await WebsiteQrArrivalAsync(w, newcomer, persona.Id);
        Assert.Equal(HttpStatusCode.SeeOther, toAccount.StatusCode);
        var html = await (await newcomer.GetAsync(toAccount.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("This sign-in is for existing accounts", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/login/account/create", html, StringComparison.Ordinal);
        Assert.Contains("/login/account/bind", html, StringComparison.Ordinal);

        // A hand-made "create" is refused as login-only, and nothing is created.
        var forged = await PostAccountFormAsync(newcomer, html, $"/pools/{w.Pool}/login/account/create", new());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(1, await UserCountAsync(w));
        await AssertAuditedAsync(w, "login.refused", "login-only");

        using var browser = NewBrowser();
        var page = await (await browser.GetAsync((await WebsiteQrArrivalAsync(w, browser, persona.Id)).Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var done = await PostAccountFormAsync(browser, page, $"/pools/{w.Pool}/login/account/bind", new() { ["login"] = "wang", ["password"] = "wang-password-123" });
        Assert.Equal(user.GetProperty("user").GetProperty("id").GetString(), (await SignedInAsync(w, done)).GetProperty("sub").GetString());
        Assert.Equal(1, await UserCountAsync(w));
    }

    [Fact]
    public async Task Two_accounts_reached_before_the_unionid_was_known_are_offered_and_the_choice_is_remembered()
    {
        var w = await RedirectWorldAsync((SandboxAppType.Website, "website-qr", null));
        var persona = await PersonaAsync();
        var identity = await Sandbox.IdentityAsync(w.App.AppId, persona.Id);
        var users = Server.Service<IUserStore>();
        var viaUnion = await users.CreateAsync(new NewUser(w.Pool, new UserProfile { Nickname = "Mini program me", PhoneNumber = "+8613800138123", Picture = "https://thirdwx.qlogo.cn/mmopen/a/132" },
            [new(IdentityKind.WeChatUnionId, identity.UnionId!)]));
        var viaOpenId = await users.CreateAsync(new NewUser(w.Pool, new UserProfile { Nickname = "Website me" },
            [new(IdentityKind.WeChatOpenId, $"{w.App.AppId}:{identity.OpenId}")]));
        using var browser = NewBrowser();

        var toAccount = await WebsiteQrArrivalAsync(w, browser, persona.Id);
        var html = await (await browser.GetAsync(toAccount.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("Mini program me", html, StringComparison.Ordinal);
        Assert.Contains("Website me", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://thirdwx.qlogo.cn/mmopen/a/132\"", html, StringComparison.Ordinal);
        Assert.Contains("+86138****8123", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("+8613800138123", WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        var outsider = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/select", new() { ["user_id"] = "someone-else" });
        Assert.Equal(HttpStatusCode.BadRequest, outsider.StatusCode);
        var done = await PostAccountFormAsync(browser, html, $"/pools/{w.Pool}/login/account/select", new() { ["user_id"] = viaUnion.Id });
        Assert.Equal(viaUnion.Id, (await SignedInAsync(w, done)).GetProperty("sub").GetString());

        using var again = NewBrowser();
        var second = await WebsiteQrArrivalAsync(w, again, persona.Id);
        Assert.Equal(viaUnion.Id, (await SignedInAsync(w, second)).GetProperty("sub").GetString());
        Assert.Equal(2, await UserCountAsync(w));
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteAccountPages(SqliteSandboxServer f) : AccountPages(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresAccountPages(PostgresSandboxServer f) : AccountPages(f.Db, () => f.Server);
