using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class OAuthCodeTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Website_code_exchange_returns_the_personas_openid_and_unionid()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id);

        var token = await host.Client().ExchangeCodeAsync(app.AppId, app.Secret, code.Code);

        var identity = await host.Control.IdentityAsync(app.AppId, persona.Id);
        Assert.Equal(identity.OpenId, token.OpenId);
        Assert.Equal(identity.UnionId, token.UnionId);
        Assert.Equal("snsapi_login", token.Scope);
        Assert.Equal(7200, token.ExpiresIn);
        Assert.Equal(600, code.ExpiresIn);
        Assert.False(token.IsSnapshotUser);
    }

    [Fact]
    public async Task Unionid_is_the_same_across_bound_apps_and_absent_for_an_unbound_app()
    {
        var website = await host.AppAsync(SandboxAppType.Website, "open-shared");
        var mobile = await host.AppAsync(SandboxAppType.Mobile, "open-shared");
        var unbound = await host.AppAsync(SandboxAppType.Mobile, openPlatformAccount: null);
        var persona = await host.PersonaAsync();
        var client = host.Client();

        var viaWebsite = await client.ExchangeCodeAsync(website.AppId, website.Secret, (await host.Control.IssueOAuthCodeAsync(website.AppId, persona.Id)).Code);
        var viaMobile = await client.ExchangeCodeAsync(mobile.AppId, mobile.Secret, (await host.Control.IssueOAuthCodeAsync(mobile.AppId, persona.Id)).Code);
        var viaUnbound = await client.ExchangeCodeAsync(unbound.AppId, unbound.Secret, (await host.Control.IssueOAuthCodeAsync(unbound.AppId, persona.Id)).Code);

        Assert.NotEqual(viaWebsite.OpenId, viaMobile.OpenId);
        Assert.Equal(viaWebsite.UnionId, viaMobile.UnionId);
        Assert.NotNull(viaWebsite.UnionId);
        Assert.Null(viaUnbound.UnionId);
        Assert.Null((await client.GetSnsUserInfoAsync(viaUnbound.AccessToken, viaUnbound.OpenId)).UnionId);
    }

    [Fact]
    public async Task A_code_used_twice_gives_40163()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id);
        var client = host.Client();
        await client.ExchangeCodeAsync(app.AppId, app.Secret, code.Code);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeCodeAsync(app.AppId, app.Secret, code.Code));

        Assert.Equal(40163, error.ErrCode);
    }

    [Theory]
    [InlineData(SandboxAppType.Website, 600)]
    [InlineData(SandboxAppType.OfficialAccount, 300)]
    public async Task A_code_past_its_lifetime_gives_42003(SandboxAppType type, int lifetimeSeconds)
    {
        var app = await host.AppAsync(type);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id);

        host.Clock.Advance(TimeSpan.FromSeconds(lifetimeSeconds));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().ExchangeCodeAsync(app.AppId, app.Secret, code.Code));

        Assert.Equal(lifetimeSeconds, code.ExpiresIn);
        Assert.Equal(42003, error.ErrCode);
    }

    [Fact]
    public async Task Unknown_code_and_a_code_of_another_app_both_give_40029()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var other = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var foreign = await host.Control.IssueOAuthCodeAsync(other.AppId, persona.Id);
        var client = host.Client();

        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeCodeAsync(app.AppId, app.Secret, "not-a-code"));
        var stolen = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeCodeAsync(app.AppId, app.Secret, foreign.Code));

        Assert.Equal(40029, unknown.ErrCode);
        Assert.Equal(40029, stolen.ErrCode);
    }

    [Fact]
    public async Task Wrong_secret_on_a_code_exchange_gives_40125()
    {
        var app = await host.AppAsync(SandboxAppType.Mobile);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => host.Client().ExchangeCodeAsync(app.AppId, "bad", code.Code));

        Assert.Equal(40125, error.ErrCode);
    }

    [Fact]
    public async Task Refresh_extends_a_live_token_and_auth_checks_the_openid()
    {
        var app = await host.AppAsync(SandboxAppType.Mobile);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id)).Code);

        host.Clock.Advance(TimeSpan.FromHours(1));
        var refreshed = await client.RefreshTokenAsync(app.AppId, token.RefreshToken);
        host.Clock.Advance(TimeSpan.FromHours(3));
        var renewed = await client.RefreshTokenAsync(app.AppId, token.RefreshToken);

        Assert.Equal(token.AccessToken, refreshed.AccessToken);
        Assert.Equal(7200, refreshed.ExpiresIn);
        Assert.NotEqual(token.AccessToken, renewed.AccessToken);
        Assert.True(await client.CheckSnsTokenAsync(renewed.AccessToken, token.OpenId));
        Assert.False(await client.CheckSnsTokenAsync(renewed.AccessToken, "oSomeoneElse"));
        Assert.False(await client.CheckSnsTokenAsync(token.AccessToken, token.OpenId));
    }

    [Fact]
    public async Task Refresh_token_expires_after_30_days_with_42002()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id)).Code);

        host.Clock.Advance(TimeSpan.FromDays(30));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => client.RefreshTokenAsync(app.AppId, token.RefreshToken));
        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() => client.RefreshTokenAsync(app.AppId, "nope"));

        Assert.Equal(42002, expired.ErrCode);
        Assert.Equal(40030, unknown.ErrCode);
    }

    [Fact]
    public async Task Userinfo_returns_the_profile_with_blank_gender_and_region()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id, "snsapi_userinfo")).Code);

        var profile = await client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId);

        Assert.Equal("Mei", profile.Nickname);
        Assert.Equal(0, profile.Sex);
        Assert.Equal("", profile.Province);
        Assert.Equal(token.UnionId, profile.UnionId);
        Assert.NotNull(token.UnionId);
    }

    [Fact]
    public async Task Official_account_base_scope_gives_no_unionid_and_userinfo_is_48001()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id, "snsapi_base")).Code);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId));

        Assert.Null(token.UnionId);
        Assert.Equal("snsapi_base", token.Scope);
        Assert.Equal(48001, error.ErrCode);
    }

    [Fact]
    public async Task Snapshot_persona_gets_virtual_ids_marked_is_snapshotuser_and_no_profile()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var persona = await host.PersonaAsync(snapshot: true);
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id, "snsapi_userinfo")).Code);

        var real = await host.Control.IdentityAsync(app.AppId, persona.Id);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId));

        Assert.True(token.IsSnapshotUser);
        Assert.NotEqual(real.OpenId, token.OpenId);
        Assert.NotEqual(real.UnionId, token.UnionId);
        Assert.Equal(48001, error.ErrCode);
    }

    [Fact]
    public async Task Openids_are_28_characters_starting_with_o_and_stable_per_app()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();

        var once = await host.Control.IdentityAsync(app.AppId, persona.Id);
        var twice = await host.Control.IdentityAsync(app.AppId, persona.Id);

        Assert.Equal(once, twice);
        Assert.Equal(28, once.OpenId.Length);
        Assert.StartsWith("o", once.OpenId, StringComparison.Ordinal);
        Assert.Equal(28, once.UnionId!.Length);
    }
}
