using System.Text.Json;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Mobile;

namespace WeGate.Server.Tests.Logins;

// docs/accounts.md#how-an-arriving-wechat-user-is-resolved (races): simultaneous first logins of one person make exactly one account, however they arrive.
public abstract class FirstLoginRaces(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    // WEGATE_RACE_ROUNDS lowers the count for a quick local run; CI runs the full 100.
    private static int RaceRounds => int.TryParse(Environment.GetEnvironmentVariable("WEGATE_RACE_ROUNDS"), out var n) && n > 0 ? n : 100;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sixty_four_simultaneous_first_logins_through_one_connection_or_two_apps_of_one_open_platform_make_exactly_one_account_every_round(bool twoApps)
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var mobileApp = await Sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.Mobile) { OpenPlatformAccount = "op-main" });
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/connections", new
        {
            slug = "mobile", type = "mobile", display_name = "App", app_id = mobileApp.AppId, app_secret = mobileApp.Secret,
        })).StatusCode);
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/applications/{w.ClientId}", new { connections = new[] { w.Slug, "mobile" } })).StatusCode);

        for (var round = 0; round < RaceRounds; round++)
        {
            var persona = await PersonaAsync();
            // Codes first (the phones), then every exchange at once (the race).
            var codes = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i => !twoApps || i % 2 == 0
                ? (MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code)
                : (MobileExchange.TokenType, (await Sandbox.IssueOAuthCodeAsync(mobileApp.AppId, persona.Id, "snsapi_userinfo")).Code)));
            using var start = new ManualResetEventSlim(false);
            var racers = codes.Select(c => Task.Run(async () =>
            {
                start.Wait();
                return await ExchangeAsync(w, c.Item1, c.Item2, new Dictionary<string, string> { ["scope"] = "openid" });
            })).ToList();
            start.Set();
            var responses = await Task.WhenAll(racers);

            var subs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var response in responses)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode == 200, $"round {round}: {(int)response.StatusCode} {body}");
                subs.Add(IdTokenSubject(JsonDocument.Parse(body).RootElement.GetProperty("id_token").GetString()!));
                response.Dispose();
            }
            Assert.Single(subs);
        }
        var users = await (await Server.Admin.GetAsync($"/admin/api/pools/{w.Pool}/users?limit=200")).JsonAsync();
        Assert.Equal(RaceRounds, users.GetProperty("users").GetArrayLength() + (users.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? 200 : 0));
    }

    private static string IdTokenSubject(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.GetProperty("sub").GetString()!;
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteFirstLoginRaces(SqliteSandboxServer f) : FirstLoginRaces(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresFirstLoginRaces(PostgresSandboxServer f) : FirstLoginRaces(f.Db, () => f.Server);
