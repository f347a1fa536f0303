using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class MiniProgramTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Js_code_exchange_returns_openid_a_24_char_session_key_and_unionid()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueJsCodeAsync(app.AppId, persona.Id);

        var session = await host.Client().ExchangeJsCodeAsync(app.AppId, app.Secret, code.Code);

        var identity = await host.Control.IdentityAsync(app.AppId, persona.Id);
        Assert.Equal(identity.OpenId, session.OpenId);
        Assert.Equal(identity.UnionId, session.UnionId);
        Assert.Equal(24, session.SessionKey.Length);
        Assert.Equal(300, code.ExpiresIn);
    }

    [Fact]
    public async Task Unbound_mini_program_gets_no_unionid()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram, openPlatformAccount: null);
        var persona = await host.PersonaAsync();

        var session = await host.Client().ExchangeJsCodeAsync(app.AppId, app.Secret, (await host.Control.IssueJsCodeAsync(app.AppId, persona.Id)).Code);

        Assert.Null(session.UnionId);
    }

    [Fact]
    public async Task Js_code_reuse_is_40163_and_expiry_is_40029()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var used = await host.Control.IssueJsCodeAsync(app.AppId, persona.Id);
        var late = await host.Control.IssueJsCodeAsync(app.AppId, persona.Id);
        await client.ExchangeJsCodeAsync(app.AppId, app.Secret, used.Code);

        var reuse = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeJsCodeAsync(app.AppId, app.Secret, used.Code));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeJsCodeAsync(app.AppId, app.Secret, late.Code));

        Assert.Equal(40163, reuse.ErrCode);
        Assert.Equal(40029, expired.ErrCode);
    }

    [Fact]
    public async Task More_than_100_js_code_exchanges_a_minute_for_one_user_give_45011()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var other = await host.PersonaAsync();
        var client = host.Client();
        for (var i = 0; i < 100; i++)
        {
            await client.ExchangeJsCodeAsync(app.AppId, app.Secret, (await host.Control.IssueJsCodeAsync(app.AppId, persona.Id)).Code);
        }

        var code = await host.Control.IssueJsCodeAsync(app.AppId, persona.Id);
        var limited = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeJsCodeAsync(app.AppId, app.Secret, code.Code));
        await client.ExchangeJsCodeAsync(app.AppId, app.Secret, (await host.Control.IssueJsCodeAsync(app.AppId, other.Id)).Code);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterAMinute = await client.ExchangeJsCodeAsync(app.AppId, app.Secret, code.Code);

        Assert.Equal(45011, limited.ErrCode);
        Assert.Equal((await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId, afterAMinute.OpenId);
    }

    [Fact]
    public async Task Checksession_accepts_the_current_session_key_only()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var first = await client.ExchangeJsCodeAsync(app.AppId, app.Secret, (await host.Control.IssueJsCodeAsync(app.AppId, persona.Id)).Code);
        var second = await client.ExchangeJsCodeAsync(app.AppId, app.Secret, (await host.Control.IssueJsCodeAsync(app.AppId, persona.Id)).Code);
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        Assert.True(await client.CheckSessionAsync(token, second.OpenId, second.SessionKey));
        Assert.False(await client.CheckSessionAsync(token, first.OpenId, first.SessionKey));
    }

    [Fact]
    public async Task Phone_code_gives_the_personas_number_once()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync(phone: "13800138000");
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var code = await host.Control.IssuePhoneCodeAsync(app.AppId, persona.Id);
        var openId = (await host.Control.IdentityAsync(app.AppId, persona.Id)).OpenId;

        var phone = await client.GetPhoneNumberAsync(token, code.Code, openId);
        var reuse = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetPhoneNumberAsync(token, code.Code));

        Assert.Equal("13800138000", phone.PhoneNumber);
        Assert.Equal("13800138000", phone.PurePhoneNumber);
        Assert.Equal("86", phone.CountryCode);
        Assert.Equal(app.AppId, phone.Watermark!.AppId);
        Assert.Equal(40163, reuse.ErrCode);
    }

    [Fact]
    public async Task Phone_code_checked_against_another_openid_is_40029()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync(phone: "13800138000");
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;
        var code = await host.Control.IssuePhoneCodeAsync(app.AppId, persona.Id);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetPhoneNumberAsync(token, code.Code, "oSomebodyElse"));

        Assert.Equal(40029, error.ErrCode);
    }

    [Fact]
    public async Task Unlimited_wxa_code_is_a_png_image()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var image = await client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("t=abc_123") { Page = "pages/login/index" });

        Assert.Equal("image/png", image.ContentType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, image.Content[..4].ToArray());
    }

    [Theory]
    [InlineData("has%percent", 40129)]
    [InlineData("", 40169)]
    [InlineData("123456789012345678901234567890123", 40169)]
    public async Task Unlimited_wxa_code_with_a_bad_scene_is_a_json_error(string scene, int errCode)
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest(scene)));

        Assert.Equal(errCode, error.ErrCode);
    }

    [Fact]
    public async Task Official_account_token_cannot_make_a_wxa_code()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        var client = host.Client();
        var token = (await client.GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("x")));

        Assert.Equal(48001, error.ErrCode);
    }
}
