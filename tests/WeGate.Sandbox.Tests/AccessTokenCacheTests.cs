using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class AccessTokenCacheTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task One_hundred_concurrent_callers_share_exactly_one_token_fetch()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var cache = host.Cache(host.Client());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => cache.GetAsync(app.AppId, app.Secret))));

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, await FetchesAsync(app));
    }

    [Fact]
    public async Task Token_is_refreshed_five_minutes_before_it_expires()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var cache = host.Cache(host.Client());
        var first = await cache.GetAsync(app.AppId, app.Secret);

        host.Clock.Advance(TimeSpan.FromSeconds(7200 - 301));
        var stillCached = await cache.GetAsync(app.AppId, app.Secret);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var refreshed = await cache.GetAsync(app.AppId, app.Secret);

        Assert.Equal(first, stillCached);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(2, await FetchesAsync(app));
    }

    [Fact]
    public async Task A_token_superseded_elsewhere_is_dropped_and_the_call_retried_once()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;
        var client = host.Client();
        var cache = host.Cache(client);
        var stale = await cache.GetAsync(app.AppId, app.Secret);

        // Another process fetches twice, which retires our token at once (docs/wechat-contract.md#access-tokens).
        await client.GetAccessTokenAsync(app.AppId, app.Secret);
        await client.GetAccessTokenAsync(app.AppId, app.Secret);
        var user = await cache.CallAsync(app.AppId, app.Secret, (token, ct) => client.GetUserInfoAsync(token, openId, cancellationToken: ct));

        Assert.Equal(openId, user.OpenId);
        Assert.NotEqual(stale, await cache.GetAsync(app.AppId, app.Secret));
        Assert.Equal(4, await FetchesAsync(app));
    }

    [Fact]
    public async Task An_injected_40001_makes_the_cache_refetch_and_retry_only_once()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();
        var cache = host.Cache(client);
        await host.Control.SetFaultAsync(new SandboxFault("wxa/getwxacodeunlimit") { ErrCode = 40001, Count = 2 });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() =>
            cache.CallAsync(app.AppId, app.Secret, (token, ct) => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s"), ct)));
        var image = await cache.CallAsync(app.AppId, app.Secret, (token, ct) => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("s"), ct));

        Assert.Equal(40001, error.ErrCode);
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal(2, await FetchesAsync(app));
        Assert.Equal(3, (await host.Control.CallsAsync("wxa/getwxacodeunlimit")).Count(call => call.AppId == app.AppId));
    }

    private async Task<int> FetchesAsync(SandboxApp app) =>
        (await host.Control.CallsAsync("cgi-bin/token")).Count(call => call.AppId == app.AppId && call.ErrCode == 0);
}
