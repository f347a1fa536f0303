using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// An AppID's IP whitelist (docs/wechat-contract.md#access-tokens) and a mini program's released pages,
// which check_path holds a code's page to (docs/wechat-contract.md#mini-program-codes).
public sealed class WhitelistAndReleaseTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task A_caller_off_the_whitelist_gets_40164_naming_its_address_at_both_token_fetches()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { IpWhitelist = ["203.0.113.7"] });

        var token = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().GetAccessTokenAsync(app.AppId, app.Secret));
        Assert.Equal(40164, token.ErrCode);
        Assert.StartsWith("invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist, rid: ", token.ErrMsg, StringComparison.Ordinal);
        // The whitelist is checked before the secret, as WeChat does.
        var stable = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().GetStableAccessTokenAsync(app.AppId, "wrong"));
        Assert.Equal(40164, stable.ErrCode);

        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { IpWhitelist = ["203.0.113.7", "127.0.0.1"] });
        Assert.Equal(7200, (await host.Client().GetStableAccessTokenAsync(app.AppId, app.Secret)).ExpiresIn);
        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { IpWhitelist = ["203.0.113.7"] });
        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { IpWhitelist = [] });
        Assert.Equal(7200, (await host.Client().GetAccessTokenAsync(app.AppId, app.Secret)).ExpiresIn);
    }

    [Fact]
    public async Task Check_path_refuses_a_page_outside_the_released_version_with_41030_and_check_path_false_allows_it()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.MiniProgram) { PublishedPages = [] });
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        // Nothing released: not even the home page.
        Assert.Equal(41030, (await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s")))).ErrCode);
        await host.Control.UpdateAppAsync(app.AppId, new UpdateAppRequest { PublishedPages = ["pages/index/index"] });
        Assert.False((await client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s"))).Content.IsEmpty);
        Assert.False((await client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s") { Page = "pages/index/index" })).Content.IsEmpty);
        Assert.Equal(41030, (await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s") { Page = "pages/login/index" }))).ErrCode);
        Assert.False((await client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s") { Page = "pages/login/index", CheckPath = false, EnvVersion = "trial" })).Content.IsEmpty);
    }

    [Theory]
    [InlineData("{\"type\":\"website\",\"publishedPages\":[\"pages/index/index\"]}")]
    [InlineData("{\"type\":\"miniprogram\",\"publishedPages\":[\"/pages/index/index\"]}")]
    [InlineData("{\"type\":\"miniprogram\",\"ipWhitelist\":[\"not-an-ip\"]}")]
    public async Task The_control_api_refuses_what_the_wechat_console_would(string body)
    {
        using var http = new HttpClient { BaseAddress = host.Root };
        var refused = await http.PostAsync("control/apps", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)refused.StatusCode);
    }
}
