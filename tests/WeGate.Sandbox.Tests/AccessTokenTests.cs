using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class AccessTokenTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Token_fetch_returns_a_token_valid_for_7200_seconds()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);

        var token = await host.Client().GetAccessTokenAsync(app.AppId, app.Secret);

        Assert.Equal(7200, token.ExpiresIn);
        Assert.True(token.AccessToken.Length > 100);
    }

    [Fact]
    public async Task Wrong_secret_is_40125_with_the_rid_kept_apart()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().GetAccessTokenAsync(app.AppId, "wrong"));

        Assert.Equal(40125, error.ErrCode);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", error.Rid!);
        Assert.StartsWith("invalid appsecret, rid: ", error.ErrMsg, StringComparison.Ordinal);
        Assert.Equal("invalid appsecret", error.Error!.Meaning);
    }

    [Theory]
    [InlineData("wx0000000000000000", "secret", 40013)]
    [InlineData("", "secret", 41002)]
    [InlineData("APP", "", 41004)]
    public async Task Bad_token_parameters_give_the_documented_errcode(string appId, string secret, int errCode)
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() =>
            host.Client().GetAccessTokenAsync(appId == "APP" ? app.AppId : appId, secret));

        Assert.Equal(errCode, error.ErrCode);
    }

    [Fact]
    public async Task Token_expires_after_7200_seconds_with_42001()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.GetAccessTokenAsync(app.AppId, app.Secret);
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;

        host.Clock.Advance(TimeSpan.FromSeconds(7200));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUserInfoAsync(token.AccessToken, openId));

        Assert.Equal(42001, error.ErrCode);
        Assert.True(error.IsStaleAccessToken);
    }

    [Fact]
    public async Task Previous_token_stays_valid_for_five_minutes_after_a_new_fetch_then_gives_40001()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;
        var first = await client.GetAccessTokenAsync(app.AppId, app.Secret);
        var second = await client.GetAccessTokenAsync(app.AppId, app.Secret);

        host.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, (await client.GetUserInfoAsync(first.AccessToken, openId)).Subscribe);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUserInfoAsync(first.AccessToken, openId));
        Assert.Equal(40001, error.ErrCode);
        Assert.Equal(0, (await client.GetUserInfoAsync(second.AccessToken, openId)).Subscribe);
    }

    [Fact]
    public async Task A_third_fetch_retires_the_first_token_at_once()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;
        var first = await client.GetAccessTokenAsync(app.AppId, app.Secret);
        await client.GetAccessTokenAsync(app.AppId, app.Secret);
        await client.GetAccessTokenAsync(app.AppId, app.Secret);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUserInfoAsync(first.AccessToken, openId));

        Assert.Equal(40001, error.ErrCode);
    }

    [Fact]
    public async Task Stable_token_is_handed_out_again_until_its_last_five_minutes()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();

        var first = await client.GetStableAccessTokenAsync(app.AppId, app.Secret);
        host.Clock.Advance(TimeSpan.FromSeconds(3600));
        var again = await client.GetStableAccessTokenAsync(app.AppId, app.Secret);
        host.Clock.Advance(TimeSpan.FromSeconds(3400));
        var renewed = await client.GetStableAccessTokenAsync(app.AppId, app.Secret);

        Assert.Equal(first.AccessToken, again.AccessToken);
        Assert.Equal(3600, again.ExpiresIn);
        Assert.NotEqual(first.AccessToken, renewed.AccessToken);
        Assert.Equal(7200, renewed.ExpiresIn);
    }

    [Fact]
    public async Task Forced_stable_token_refresh_revokes_the_old_one()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;
        var old = await client.GetStableAccessTokenAsync(app.AppId, app.Secret);

        var forced = await client.GetStableAccessTokenAsync(app.AppId, app.Secret, forceRefresh: true);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CheckSessionAsync(old.AccessToken, openId, "key"));

        Assert.NotEqual(old.AccessToken, forced.AccessToken);
        Assert.Equal(40001, error.ErrCode);
    }
}
