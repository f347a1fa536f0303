using System.Net;
using WeGate.Server.Console;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Console;

// docs/console.md#the-first-administrator: the set-up page needs the code WeGate logs, and works once.
public abstract class ConsoleSetupContract<TDatabase> where TDatabase : TestDatabase, new()
{
    [Fact]
    public async Task The_setup_page_needs_the_logged_code_makes_one_owner_and_then_works_no_more()
    {
        await using var db = new TDatabase();
        await db.InitializeAsync();
        _ = db.Database;
        await using var server = await TestServer.StartAsync(db);
        var code = server.Service<ConsoleSetupCode>().Value();
        Assert.Contains(server.Log.Entries, e => e.Message.Contains(code, StringComparison.Ordinal));

        using var browser = new Browser(server.Http.BaseAddress!);
        async Task<HttpResponseMessage> SetUpAsync(string setupCode, string email)
        {
            var token = Browser.Hidden(await (await browser.GetAsync("/console/setup")).Content.ReadAsStringAsync(), "__RequestVerificationToken");
            return await browser.PostFormAsync("/console/setup", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["setup_code"] = setupCode, ["email"] = email,
                ["password"] = "correct horse battery", ["password_again"] = "correct horse battery",
            });
        }

        var wrong = await SetUpAsync("0000-0000-0000-0000", "stranger@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("set-up code is wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = await browser.PostFormAsync("/console/setup", new Dictionary<string, string> { ["setup_code"] = code, ["email"] = "x@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var made = await SetUpAsync(code.ToLowerInvariant(), "owner@example.com");
        Assert.Equal("/console/login", made.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync("/console/setup")).StatusCode);
        var again = await browser.PostFormAsync("/console/setup", new Dictionary<string, string> { ["setup_code"] = code, ["email"] = "second@example.com" });
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }
}

public sealed class SqliteConsoleSetup : ConsoleSetupContract<SqliteTestDatabase>;

public sealed class PostgresConsoleSetup : ConsoleSetupContract<PostgresTestDatabase>;
