using System.Collections.Concurrent;
using Dapper;
using WeGate.Sandbox.Control;
using WeGate.Storage;
using WeGate.Testing;

namespace WeGate.Server.Tests.Durability;

// An answer is a promise (docs/operations.md#durability): whatever WeGate answered 2xx is in the
// database, whenever the process dies after it. The built server runs in a process of its own in
// Development; 2,000 WeChat logins run against it (mini program token exchanges, and among the returning
// people's logins code flows signed in inside WeChat's browser: LoginLoad), and halfway through it gets
// SIGKILL — no shutdown, no flush, logins in flight. A second server then starts on the same data directory and
// database, and every acknowledged login must be there: its account with its WeChat identities, and its
// refresh token working; and nothing half-written may be left behind.
public abstract class KillDuringLoginsContract<TDatabase> where TDatabase : TestDatabase, new()
{
    private const int Logins = 2000;
    private const int Concurrency = 24;

    [Fact]
    public async Task Every_login_answered_before_a_kill_9_is_in_the_database_after_restart_with_no_orphan_rows()
    {
        // The server migrates the empty database itself, as a first start does.
        await using var db = new TDatabase { Migrated = false };
        await db.InitializeAsync();
        _ = db.Database; // skips the test when the database is unavailable
        var data = Directory.CreateTempSubdirectory("wegate-durable-");
        try
        {
            var settings = Settings(db, data.FullName);
            IReadOnlyDictionary<(string Persona, string AppId), PersonaIdentity> personas;
            LoadOutcome outcome;
            string firstOutput;
            await using (var first = await ServerProcess.StartAsync(settings))
            {
                using var http = Client(first.Address);
                var load = new LoginLoad(http);
                personas = await load.PreparePersonasAsync(Logins, Concurrency);
                outcome = await load.RunAsync(Logins, Concurrency, killAt: Logins / 2, first.Kill);
                Assert.True(first.HasExited, "the server was not killed");
                firstOutput = first.Output;
            }
            var summary = $"{outcome.Acknowledged.Count} logins acknowledged ({outcome.Acknowledged.Count(a => a.AppId == OfficialAccountWebLogin.AppId)} "
                + $"of them code flows), {outcome.InFlightAtKill} in flight at the kill, "
                + $"{outcome.BrokenByKill} broken off by it, {outcome.NotStarted} never started";
            TestContext.Current.TestOutputHelper?.WriteLine(summary);
            // At least half: answers already on their way when the kill came count too, as they should.
            Assert.InRange(outcome.Acknowledged.Count, Logins / 2, Logins - 1);
            // Logins answered nothing because of the kill: it landed in the middle of the load, not after it.
            Assert.True(outcome.BrokenByKill > 0 && outcome.InFlightAtKill > 0, $"the kill found no login in flight: {summary}");
            Assert.True(outcome.NotStarted > 0);

            await using var second = await ServerProcess.StartAsync(settings);
            await using (var connection = await db.Database.OpenAsync())
            {
                var problems = new List<string>();
                if (db.Provider == DatabaseProvider.Sqlite)
                    problems.AddRange(await OrphanRows.SqliteProblemsAsync(connection));
                problems.AddRange(await OrphanRows.FindAsync(connection));
                problems.AddRange(await MissingAccountsAsync(connection, outcome.Acknowledged, personas));
                Assert.True(problems.Count == 0, string.Join('\n', problems));
            }

            using var client = Client(second.Address);
            var load2 = new LoginLoad(client);
            var unrefreshed = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(outcome.Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (login, ct) =>
            {
                var (subject, answer) = await load2.RefreshAsync(login.RefreshToken, ct);
                if (subject != login.Subject)
                    unrefreshed.Add($"login {login.Index} ({login.Subject}): {answer}");
            });
            Assert.True(unrefreshed.IsEmpty, $"{unrefreshed.Count} acknowledged logins' refresh tokens no longer refresh:\n{string.Join('\n', unrefreshed.Take(5))}");

            // Last, so that what a failing WeGate did acknowledge is checked first.
            Assert.True(outcome.Refused.Count == 0, $"WeGate refused logins before the kill:\n{string.Join('\n', outcome.Refused.Take(5))}\n{firstOutput}");
            Assert.True(outcome.BrokenBeforeKill.Count == 0, $"logins broke off before the kill:\n{string.Join('\n', outcome.BrokenBeforeKill.Take(5))}");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(TestDatabase db, string dataDirectory) => new()
    {
        ["WeGate__DataDirectory"] = dataDirectory,
        ["WeGate__Database__Provider"] = db.Provider.ToString(),
        ["WeGate__Database__ConnectionString"] = db.ConnectionString,
        // As bench/run.sh: every login comes from 127.0.0.1 as the one client `demo`.
        ["WeGate__Oidc__RateLimits__PerIpPerMinute"] = "100000000",
        ["WeGate__Oidc__RateLimits__PerClientPerMinute"] = "100000000",
    };

    private static HttpClient Client(Uri address) => new(new SocketsHttpHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    // Each acknowledged login's account, read from the database: the user its access token named, owning
    // the openid WeChat gave the persona in the app it came through and, when WeChat gave one, its unionid.
    private static async Task<IEnumerable<string>> MissingAccountsAsync(System.Data.Common.DbConnection connection,
        IReadOnlyList<AcknowledgedLogin> acknowledged, IReadOnlyDictionary<(string Persona, string AppId), PersonaIdentity> personas)
    {
        var users = (await connection.QueryAsync<string>("SELECT id FROM users WHERE pool = 'default'")).ToHashSet();
        var owners = (await connection.QueryAsync<(string Kind, string Identifier, string UserId)>(
                "SELECT kind, identifier, user_id FROM identities WHERE pool = 'default' AND kind IN ('wechat-openid', 'wechat-unionid')"))
            .ToDictionary(i => (i.Kind, i.Identifier), i => i.UserId);
        var missing = new List<string>();
        foreach (var login in acknowledged)
        {
            var identity = personas[(login.PersonaId, login.AppId)];
            if (!users.Contains(login.Subject))
                missing.Add($"login {login.Index}: no user {login.Subject}");
            if (owners.GetValueOrDefault(("wechat-openid", $"{login.AppId}:{identity.OpenId}")) != login.Subject)
                missing.Add($"login {login.Index}: the openid of {login.PersonaId} is not {login.Subject}'s");
            if (identity.UnionId is { } unionId && owners.GetValueOrDefault(("wechat-unionid", unionId)) != login.Subject)
                missing.Add($"login {login.Index}: the unionid of {login.PersonaId} is not {login.Subject}'s");
        }
        return missing.Count == 0 ? [] : [$"{missing.Count} problems with acknowledged logins, the first:", .. missing.Take(10)];
    }
}

public sealed class SqliteKillDuringLogins : KillDuringLoginsContract<SqliteTestDatabase>;

public sealed class PostgresKillDuringLogins : KillDuringLoginsContract<PostgresTestDatabase>;
