using System.Net;
using WeGate.Core.Admin;
using WeGate.Server.Console;
using WeGate.Testing;

namespace WeGate.Server.Tests.Console;

// docs/console.md#security: the session ends after 30 minutes without a request and 12 hours in all,
// and at once when the administrator is blocked. The server's clock is moved, not waited out.
public sealed class ConsoleSessionTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_session_ends_after_its_idle_time_and_after_twelve_hours_whatever_happens()
    {
        var clock = new TestClock();
        await using var server = await TestServer.StartAsync(db, services: s => s.AddSingleton<TimeProvider>(clock));
        var email = $"idle-{Guid.NewGuid():N}@example.com";
        await server.Service<Administrators>().CreateAsync(email, Password, AdministratorRole.Owner, first: false, "test", null, default);

        var (idle, _) = await ConsoleContract.SignIn(server, email, Password);
        using (idle)
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/console/pools")).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(31));
            Assert.Equal(HttpStatusCode.Redirect, (await idle.GetAsync("/console/pools")).StatusCode);
        }

        var (busy, _) = await ConsoleContract.SignIn(server, email, Password);
        using (busy)
        {
            for (var minutes = 0; minutes < 12 * 60 - 20; minutes += 20)
            {
                clock.Advance(TimeSpan.FromMinutes(20));
                Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/console/pools")).StatusCode);
            }
            clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.Redirect, (await busy.GetAsync("/console/pools")).StatusCode);
        }
    }

    [Fact]
    public async Task A_blocked_administrator_is_signed_out_at_the_next_request()
    {
        await using var server = await TestServer.StartAsync(db);
        var email = $"blocked-{Guid.NewGuid():N}@example.com";
        var made = await server.Service<Administrators>().CreateAsync(email, Password, AdministratorRole.Owner, first: false, "test", null, default);
        var (browser, _) = await ConsoleContract.SignIn(server, email, Password);
        using (browser)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/pools")).StatusCode);
            await server.Service<Core.Users.IUserStore>().SetBlockedAsync(ConsolePool.Name, made.UserId, true);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/console/pools")).StatusCode);
        }
    }
}
