using System.Net;
using WeGate.Core.Admin;

namespace WeGate.Server.Tests.Console;

// docs/console.md#connections: the form's rules are the admin API's, the Token WeChat needs pasted is
// shown to owners only, and the doctor is the one POST a read-only administrator may send.
public abstract partial class ConsoleContract
{
    [Fact]
    public async Task A_refused_connection_form_shows_the_admin_apis_message_beside_its_field_and_keeps_what_was_typed()
    {
        var pool = await NewPoolAsync();
        using var browser = await SignedInAsync();
        var refused = await PostAsync(browser, $"/console/pools/{pool}/connections", new Dictionary<string, string>
        {
            ["type"] = "oa-follow", ["slug"] = "follow", ["display_name"] = "Follow", ["app_id"] = "wx0123456789abcdef", ["app_secret"] = "abc123",
            ["token"] = "RightToken42", ["message_mode"] = "safe", ["enabled"] = "on",
        }, $"/console/pools/{pool}/connections/new?type=oa-follow");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await HtmlAsync(refused);
        Assert.Contains("<p class=\"error field-error\" data-field-error=\"encoding_aes_key\">is required when message_mode is safe</p>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"RightToken42\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", html, StringComparison.Ordinal);
        await (await Server.Admin.GetAsync($"/admin/api/pools/{pool}/connections/follow")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_chinese_console_shows_the_rules_and_refusals_of_the_admin_api_in_chinese()
    {
        var pool = await NewPoolAsync();
        using var browser = await SignedInAsync();
        var refused = await PostAsync(browser, $"/console/pools/{pool}/connections", new Dictionary<string, string>
        {
            ["type"] = "oa-follow", ["slug"] = "Bad Slug", ["display_name"] = "Follow", ["app_id"] = "wx0123", ["app_secret"] = "abc123",
            ["token"] = "RightToken42", ["message_mode"] = "safe", ["enabled"] = "on",
        }, $"/console/pools/{pool}/connections/new?type=oa-follow&lang=zh-CN");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await HtmlAsync(refused));
        Assert.Contains("data-field-error=\"encoding_aes_key\">message_mode 为 safe 时必填</p>", html, StringComparison.Ordinal);
        Assert.Contains("data-field-error=\"slug\">必须是 1 到 31 个字符", html, StringComparison.Ordinal);
        Assert.Contains("data-field-error=\"app_id\">必须是微信 AppID：“wx”加 16 位小写十六进制数字，例如 wx1234567890abcdef</p>", html, StringComparison.Ordinal);

        var taken = await PostAsync(browser, "/console/pools", new() { ["name"] = pool, ["display_name"] = "x" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains($"名为“{pool}”的用户池已存在。", System.Net.WebUtility.HtmlDecode(await HtmlAsync(taken)), StringComparison.Ordinal);
        var broken = await PostAsync(browser, "/console/pools", new() { ["name"] = "Bad Name", ["display_name"] = "x" });
        Assert.Contains("请求违反了这些规则：name：必须是 1 到 31 个字符", System.Net.WebUtility.HtmlDecode(await HtmlAsync(broken)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_wechat_needs_pasted_is_shown_to_owners_only_and_the_app_secret_never()
    {
        var pool = await NewPoolAsync();
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "follow", type = "oa-follow", display_name = "Follow", app_id = "wx0123456789abcdef", app_secret = "SecretOfTheApp1", token = "RightToken42",
        })).StatusCode);
        using var owner = await SignedInAsync();
        var page = await HtmlAsync(await owner.GetAsync($"/console/pools/{pool}/connections/follow"));
        Assert.Contains("<code data-paste=\"token\">RightToken42</code>", page, StringComparison.Ordinal);
        Assert.Contains($"<code data-paste=\"server_url\">{Server.Http.BaseAddress}pools/{pool}/login/oa-follow/follow/callback</code>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretOfTheApp1", page, StringComparison.Ordinal);
        using var readOnly = await SignedInAsync(AdministratorRole.ReadOnly);
        var seen = await HtmlAsync(await readOnly.GetAsync($"/console/pools/{pool}/connections/follow"));
        Assert.DoesNotContain("RightToken42", seen, StringComparison.Ordinal);
        Assert.Contains("<code data-paste=\"token\">(shown to owners only)</code>", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_administrator_may_post_to_the_doctor_but_not_without_the_pages_token()
    {
        using var browser = await SignedInAsync(AdministratorRole.ReadOnly);
        // An unknown connection: the doctor's own 404, past the role check, and no call to WeChat.
        var past = await PostAsync(browser, "/console/pools/default/connections/nope/doctor", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
        Assert.Contains("has no connection &#x27;nope&#x27;", await HtmlAsync(past), StringComparison.Ordinal);
        var forged = await browser.PostFormAsync("/console/pools/default/connections/nope/doctor", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    protected async Task<string> NewConnectionAsync(string pool)
    {
        var slug = "c" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug, type = "mobile", display_name = "App", app_id = "wx0123456789abcdef", app_secret = "abc123",
        })).StatusCode);
        return slug;
    }
}
