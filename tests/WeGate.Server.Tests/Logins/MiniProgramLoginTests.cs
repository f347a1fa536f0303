using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;
using WeGate.Server.Errors;
using WeGate.Server.Login.MiniProgram;

namespace WeGate.Server.Tests.Logins;

public abstract class MiniProgramLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    private const string MiniProgramCode = MiniProgramExchange.TokenType;

    [Fact]
    public async Task A_mini_program_exchanges_a_wx_login_code_for_tokens_of_one_account_that_stays_the_same()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync();
        var identity = await Sandbox.IdentityAsync(w.App.AppId, persona.Id);

        var first = await ExchangeAsync(w, MiniProgramCode, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code);
        Assert.Equal(200, (int)first.StatusCode);
        var tokens = await first.JsonAsync();
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", tokens.GetProperty("issued_token_type").GetString());
        Assert.True(tokens.TryGetProperty("id_token", out _));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        var claims = await UserInfoAsync(w, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(identity.UnionId, claims.GetProperty("wechat_unionid").GetString());
        Assert.Equal(identity.OpenId, claims.GetProperty("wechat_openids")[0].GetProperty("openid").GetString());

        var again = await (await ExchangeAsync(w, MiniProgramCode, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code)).JsonAsync();
        Assert.Equal(claims.GetProperty("sub").GetString(), (await UserInfoAsync(w, again.GetProperty("access_token").GetString()!)).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_phone_code_gives_the_account_a_verified_phone_number()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync(phone: "13800138123");
        var tokens = await (await ExchangeAsync(w, MiniProgramCode, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            new Dictionary<string, string> { ["phone_code"] = (await Sandbox.IssuePhoneCodeAsync(w.App.AppId, persona.Id)).Code })).JsonAsync();
        var claims = await UserInfoAsync(w, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("+8613800138123", claims.GetProperty("phone_number").GetString());
        Assert.True(claims.GetProperty("phone_number_verified").GetBoolean());
    }

    [Fact]
    public async Task A_reused_or_unknown_code_is_an_invalid_grant_that_says_what_wechat_said()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync();
        var code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code;
        Assert.Equal(200, (int)(await ExchangeAsync(w, MiniProgramCode, code)).StatusCode);

        var reused = await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MiniProgramCode, code), WeGateErrors.WeChatRefusedCode);
        Assert.Contains("40163", reused.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        var unknown = await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MiniProgramCode, "no-such-code"), WeGateErrors.WeChatRefusedCode);
        Assert.Contains("40029", unknown.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeChat_being_busy_is_a_temporary_error_and_a_code_exchange_is_never_retried()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync();
        var code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code;
        await Sandbox.ClearCallsAsync();
        await Sandbox.SetFaultAsync(new SandboxFault("sns/jscode2session") { ErrCode = -1, Count = 1 });

        var busy = await ExchangeAsync(w, MiniProgramCode, code);

        var answer = await ErrorAssert.AnswersAsync(busy, WeGateErrors.WeChatUnavailable);
        // The errcode tells the client to try again now (-1) rather than in a minute (45011).
        Assert.EndsWith("(errcode -1)", answer.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Single(await Sandbox.CallsAsync("sns/jscode2session"));
        var events = await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users")).JsonAsync();
        Assert.Equal(0, events.GetProperty("users").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_app_secret_is_the_operators_problem_and_is_not_shown_to_the_client()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/{w.Slug}", new { app_secret = "wrongsecret" });
        var persona = await PersonaAsync();
        var response = await ExchangeAsync(w, MiniProgramCode, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code);
        var body = await ErrorAssert.AnswersAsync(response, WeGateErrors.WeChatRefusedConfiguration);
        Assert.DoesNotContain("wrongsecret", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_subject_token_type_or_a_missing_connection_is_an_invalid_request()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var unknownType = await ErrorAssert.AnswersAsync(await ExchangeAsync(w, "urn:example:other", "x"), WeGateErrors.SubjectTokenTypeNotSupported);
        Assert.Contains(MiniProgramCode, unknownType.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, MiniProgramCode, "x", new Dictionary<string, string> { ["connection"] = "nope" }), WeGateErrors.NoConnection);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteMiniProgramLogins(SqliteSandboxServer f) : MiniProgramLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresMiniProgramLogins(PostgresSandboxServer f) : MiniProgramLogins(f.Db, () => f.Server);
