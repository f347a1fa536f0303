using WeGate.Sandbox.Registry;
using WeGate.Server.Errors;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Mobile;

namespace WeGate.Server.Tests.Logins;

public abstract class MobileLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Fact]
    public async Task A_mobile_app_exchanges_its_sdk_code_for_tokens_with_the_wechat_profile()
    {
        var w = await WorldAsync(SandboxAppType.Mobile, "mobile", appType2: "native");
        var persona = await PersonaAsync(nickname: "移动用户");
        var code = (await Sandbox.IssueOAuthCodeAsync(w.App.AppId, persona.Id, "snsapi_userinfo")).Code;

        var response = await ExchangeAsync(w, MobileExchange.TokenType, code);

        Assert.Equal(200, (int)response.StatusCode);
        var claims = await UserInfoAsync(w, (await response.JsonAsync()).GetProperty("access_token").GetString()!);
        Assert.Equal("移动用户", claims.GetProperty("nickname").GetString());
        Assert.Equal((await Sandbox.IdentityAsync(w.App.AppId, persona.Id)).UnionId, claims.GetProperty("wechat_unionid").GetString());
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MobileExchange.TokenType, code), WeGateErrors.WeChatRefusedCode);
    }

    [Fact]
    public async Task The_same_person_in_the_mini_program_and_the_mobile_app_is_one_account_through_the_unionid()
    {
        var mp = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        // A second connection and application in the same pool, for the mobile app of the same Open Platform account.
        var mobileApp = await Sandbox.CreateAppAsync(new WeGate.Sandbox.Control.CreateAppRequest(SandboxAppType.Mobile) { OpenPlatformAccount = "op-main" });
        await Server.Admin.PostJsonAsync($"/admin/api/pools/{mp.Pool}/connections", new
        {
            slug = "mobile", type = "mobile", display_name = "App", app_id = mobileApp.AppId, app_secret = mobileApp.Secret,
        });
        await Server.Admin.PostJsonAsync($"/admin/api/pools/{mp.Pool}/applications", new
        {
            client_id = "client-mobile", display_name = "App", type = "native", connections = new[] { "mobile" },
            grants = new[] { "urn:ietf:params:oauth:grant-type:token-exchange" },
        });
        var mobile = mp with { ClientId = "client-mobile", App = mobileApp, Slug = "mobile" };
        var persona = await PersonaAsync();

        var viaMp = await (await ExchangeAsync(mp, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(mp.App.AppId, persona.Id)).Code)).JsonAsync();
        var viaApp = await (await ExchangeAsync(mobile, MobileExchange.TokenType, (await Sandbox.IssueOAuthCodeAsync(mobileApp.AppId, persona.Id, "snsapi_userinfo")).Code)).JsonAsync();

        var a = await UserInfoAsync(mp, viaMp.GetProperty("access_token").GetString()!);
        var b = await UserInfoAsync(mobile, viaApp.GetProperty("access_token").GetString()!);
        Assert.Equal(a.GetProperty("sub").GetString(), b.GetProperty("sub").GetString());
        Assert.Equal(2, b.GetProperty("wechat_openids").GetArrayLength());
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteMobileLogins(SqliteSandboxServer f) : MobileLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresMobileLogins(PostgresSandboxServer f) : MobileLogins(f.Db, () => f.Server);
