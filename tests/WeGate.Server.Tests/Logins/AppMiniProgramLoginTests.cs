using System.Net.Http.Json;
using WeGate.Sandbox.Registry;
using WeGate.Server.Errors;
using WeGate.Server.Login.AppMiniProgram;

namespace WeGate.Server.Tests.Logins;

// The app mini program world and calls, also used by the hand-off tests.
public abstract partial class LoginContract
{
    protected Task<World> AppMpWorldAsync(string policy = "none", bool loginOnly = false) =>
        WorldAsync(SandboxAppType.MiniProgram, "app-mp", appType2: "native", settings: app => new { original_id = app.OriginalId, page = "pages/login/index", env_version = "trial" },
            policy: policy, loginOnly: loginOnly);

    protected async Task<System.Text.Json.JsonElement> OpenTicketAsync(World w) =>
        await (await Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/app-mp/tickets", new { client_id = w.ClientId })).JsonAsync();

    protected Task<HttpResponseMessage> ConfirmAsync(World w, string ticket, object body) =>
        Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/app-mp/tickets/{ticket}/confirm", body);
}

public abstract class AppMiniProgramLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Fact]
    public async Task An_app_launches_the_mini_program_with_a_ticket_and_redeems_it_once_with_its_secret()
    {
        var w = await AppMpWorldAsync();
        var persona = await PersonaAsync(phone: "13900139000");
        var opened = await OpenTicketAsync(w);
        var ticket = opened.GetProperty("ticket").GetString()!;
        var secret = opened.GetProperty("ticket_secret").GetString()!;
        var launch = opened.GetProperty("launch");
        Assert.Equal(w.App.OriginalId, launch.GetProperty("user_name").GetString());
        Assert.Equal($"pages/login/index?ticket={ticket}", launch.GetProperty("path").GetString());
        Assert.Equal(2, launch.GetProperty("mini_program_type").GetInt32());
        Assert.True(ticket.Length <= 32);

        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, new Dictionary<string, string> { ["ticket_secret"] = secret }), WeGateErrors.TicketPending);

        var confirmed = await ConfirmAsync(w, ticket, new
        {
            code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            phone_code = (await Sandbox.IssuePhoneCodeAsync(w.App.AppId, persona.Id)).Code,
        });
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Equal(ticket, (await confirmed.JsonAsync()).GetProperty("app_parameter").GetString());

        // What comes back through extMsg is only the ticket id: without the secret it redeems nothing.
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket), WeGateErrors.TicketSecretMissing);
        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, new Dictionary<string, string> { ["ticket_secret"] = "wgt_guess" }), WeGateErrors.TicketUnknown);

        var redeemed = await ExchangeAsync(w, TicketExchange.TokenType, ticket, new Dictionary<string, string> { ["ticket_secret"] = secret });
        Assert.Equal(200, (int)redeemed.StatusCode);
        var claims = await UserInfoAsync(w, (await redeemed.JsonAsync()).GetProperty("access_token").GetString()!);
        Assert.Equal("+8613900139000", claims.GetProperty("phone_number").GetString());

        await ErrorAssert.AnswersAsync(await ExchangeAsync(w, TicketExchange.TokenType, ticket, new Dictionary<string, string> { ["ticket_secret"] = secret }), WeGateErrors.TicketEnded);
        var reconfirm = await ConfirmAsync(w, ticket, new { code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code });
        await ErrorAssert.AnswersAsync(reconfirm, WeGateErrors.AppTicketNotWaiting);
    }

    [Fact]
    public async Task A_ticket_cannot_be_opened_by_an_unknown_client_or_confirmed_with_a_bad_code()
    {
        var w = await AppMpWorldAsync();
        var unknown = await Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/app-mp/tickets", new { client_id = "nobody" });
        await ErrorAssert.AnswersAsync(unknown, WeGateErrors.AppTicketClientNotAllowed);
        var ticket = (await OpenTicketAsync(w)).GetProperty("ticket").GetString()!;
        await ErrorAssert.AnswersAsync(await ConfirmAsync(w, ticket, new { code = "forged" }), WeGateErrors.WeChatRefusedCode);
        var malformed = await ConfirmAsync(w, ticket, new { code = "x", colour = "red" });
        Assert.Equal(400, (int)malformed.StatusCode);
        var unknownTicket = await Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/app-mp/tickets/no-such/confirm", new { code = "x" });
        await ErrorAssert.AnswersAsync(unknownTicket, WeGateErrors.AppTicketNotWaiting);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteAppMiniProgramLogins(SqliteSandboxServer f) : AppMiniProgramLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresAppMiniProgramLogins(PostgresSandboxServer f) : AppMiniProgramLogins(f.Db, () => f.Server);
