using System.Net;
using System.Text.RegularExpressions;
using WeGate.Sandbox.Registry;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Logins;

// The login page's code method (docs/logins.md#the-login-page): a one-time code by SMS or email signs an
// existing account in, without telling who has an account.
public abstract class CodeLogin(TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    private static async Task<HttpResponseMessage> PostAsync(RedirectBrowser browser, string html, string action, Dictionary<string, string> fields)
    {
        fields["request"] = Browser.Hidden(html, "request");
        fields["__RequestVerificationToken"] = Browser.Hidden(html, "__RequestVerificationToken");
        return await browser.PostFormAsync(action, fields);
    }

    private async Task<string> CodeSentToAsync(string recipient)
    {
        var message = Assert.Single(await Poll.UntilAsync(() => Sandbox.OutboxAsync(recipient), sent => sent.Count > 0, TimeSpan.FromSeconds(5)));
        return Regex.Match(message.Body, "\\d{6}").Value;
    }

    [Theory]
    [InlineData("+8613600136001")]
    [InlineData("fang.code@example.com")]
    public async Task A_code_sent_to_an_accounts_phone_or_email_signs_that_account_in(string recipient)
    {
        var w = await RedirectWorldAsync((SandboxAppType.Website, "website-qr", null));
        var isPhone = recipient.StartsWith('+');
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", isPhone ? new { phone = recipient } : (object)new { email = recipient })).JsonAsync();
        using var browser = NewBrowser();
        var (html, _) = await LoginPageAsync(w, browser);
        Assert.Contains("id=\"tab-code\"", html, StringComparison.Ordinal);
        // Before a code is asked for, the tab asks only for the phone or address.
        Assert.DoesNotContain("id=\"code-value\"", html, StringComparison.Ordinal);

        // Nobody uses this number: the page answers the same (and shows the code step), and sends nothing.
        var send = $"/pools/{w.Pool}/login/code/send";
        var stranger = await (await PostAsync(browser, html, send, new() { ["recipient"] = "+8613000000002" })).Content.ReadAsStringAsync();
        Assert.Contains("a code was sent", stranger, StringComparison.Ordinal);
        Assert.Contains("id=\"code-value\"", stranger, StringComparison.Ordinal);
        Assert.Contains("aria-selected=\"true\">One-time code<", stranger, StringComparison.Ordinal);

        var page = await (await PostAsync(browser, html, send, new() { ["recipient"] = recipient })).Content.ReadAsStringAsync();
        Assert.Contains("a code was sent", page, StringComparison.Ordinal);
        var code = await CodeSentToAsync(recipient);
        Assert.Empty(await Sandbox.OutboxAsync("+8613000000002"));

        var signIn = $"/pools/{w.Pool}/login/code";
        var wrong = await PostAsync(browser, page, signIn, new() { ["recipient"] = recipient, ["code"] = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("The code is wrong", wrongPage, StringComparison.Ordinal);
        Assert.Contains("id=\"code-value\"", wrongPage, StringComparison.Ordinal);
        await AssertAuditedAsync(w, "login.failed", isPhone ? "wrong sms code" : "wrong email code");

        var done = await PostAsync(browser, page, signIn, new() { ["recipient"] = recipient, ["code"] = code });
        var userId = user.GetProperty("user").GetProperty("id").GetString();
        Assert.Equal(userId, (await SignedInAsync(w, done)).GetProperty("sub").GetString());
        await AssertAuditedAsync(w, "login.signed_in", isPhone ? "sms code" : "email code");
        // The code proved the number or address: the profile says so (phone_number_verified, email_verified).
        var profile = (await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users/{userId}")).JsonAsync()).GetProperty("user").GetProperty("profile");
        Assert.Equal(recipient, profile.GetProperty(isPhone ? "phone_number" : "email").GetString());
        Assert.True(profile.GetProperty(isPhone ? "phone_number_verified" : "email_verified").GetBoolean());
    }

    [Fact]
    public async Task A_code_for_binding_does_not_sign_in_and_a_blocked_account_is_refused()
    {
        var w = await RedirectWorldAsync((SandboxAppType.Website, "website-qr", null));
        const string recipient = "+8613600136002";
        var user = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/users", new { phone = recipient })).JsonAsync();
        var userId = user.GetProperty("user").GetProperty("id").GetString();
        using var browser = NewBrowser();
        var (html, _) = await LoginPageAsync(w, browser);
        var page = await (await PostAsync(browser, html, $"/pools/{w.Pool}/login/code/send", new() { ["recipient"] = recipient })).Content.ReadAsStringAsync();
        var code = await CodeSentToAsync(recipient);

        Assert.Equal(200, (int)(await Server.Admin.PostAsync($"/admin/api/pools/{w.Pool}/users/{userId}/block", null)).StatusCode);
        var blocked = await PostAsync(browser, page, $"/pools/{w.Pool}/login/code", new() { ["recipient"] = recipient, ["code"] = code });
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        await AssertAuditedAsync(w, "login.refused", "blocked");
        // The code was spent on the refused attempt: it does not work twice.
        Assert.Equal(200, (int)(await Server.Admin.PostAsync($"/admin/api/pools/{w.Pool}/users/{userId}/unblock", null)).StatusCode);
        var again = await PostAsync(browser, page, $"/pools/{w.Pool}/login/code", new() { ["recipient"] = recipient, ["code"] = code });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_forged_or_malformed_code_form_gets_a_clear_answer()
    {
        var w = await RedirectWorldAsync((SandboxAppType.Website, "website-qr", null));
        using var browser = NewBrowser();
        var (html, request) = await LoginPageAsync(w, browser);
        var forged = await browser.PostFormAsync($"/pools/{w.Pool}/login/code/send", new Dictionary<string, string> { ["request"] = request, ["recipient"] = "+8613600136003" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var bad = await (await PostAsync(browser, html, $"/pools/{w.Pool}/login/code/send", new() { ["recipient"] = "not a phone" })).Content.ReadAsStringAsync();
        Assert.Contains("Enter a phone number (+86…) or an email address.", System.Net.WebUtility.HtmlDecode(bad), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"code-value\"", bad, StringComparison.Ordinal);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteCodeLogin(SqliteSandboxServer f) : CodeLogin(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresCodeLogin(PostgresSandboxServer f) : CodeLogin(f.Db, () => f.Server);
