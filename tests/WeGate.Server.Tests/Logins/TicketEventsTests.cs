using System.Diagnostics;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Tickets;
using WeGate.Core.Users;
using WeGate.Server.Login.Tickets;
using WeGate.Testing;

namespace WeGate.Server.Tests.Logins;

public abstract partial class LoginContract
{
    // Reads state events until a final state (or `count` events). Changes close together may arrive as one:
    // the stream always reports the ticket's current state.
    internal static async Task<List<string>> ReadEventsAsync(HttpClient http, string url, int count, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var states = new List<string>();
        while (states.Count < count && states.LastOrDefault() is not ("confirmed" or "refused" or "expired" or "cancelled" or "consumed")
            && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                states.Add(System.Text.Json.JsonDocument.Parse(line[6..]).RootElement.GetProperty("state").GetString()!);
        }
        return states;
    }
}

public abstract partial class TicketEvents(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    private static async Task<(string Pool, string Ticket, User User)> WaitingTicketAsync(TestServer server, string request)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var user = await server.Service<IUserStore>().CreateAsync(new NewUser(pool, UserProfile.Empty, []));
        var ticket = await server.Service<LoginTickets>().CreateForPageAsync(pool, TicketKind.Follow, "wx", request, null, default);
        return (pool, ticket.Id, user);
    }

    private static async Task<string> NextStateAsync(StreamReader reader, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                return System.Text.Json.JsonDocument.Parse(line[6..]).RootElement.GetProperty("state").GetString()!;
        }
        throw new InvalidOperationException("the event stream ended");
    }

    [Fact]
    public async Task The_login_page_hears_its_ticket_change_at_once_over_server_sent_events_and_strangers_hear_nothing()
    {
        var (pool, ticket, user) = await WaitingTicketAsync(Server, "req-1");
        var url = $"/pools/{pool}/login/tickets/{ticket}/events?request=req-1";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Server.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var states = new List<string> { await NextStateAsync(reader, cts.Token) };
        Assert.Equal("pending", states[0]);

        // The stream has sent "pending" and waits (or is about to) for a change: the change must reach it
        // at once, not at the next heartbeat's re-read 15 s later, however close the two fall.
        var tickets = Server.Service<LoginTickets>();
        await tickets.MarkScannedAsync(pool, ticket, default);
        var clock = Stopwatch.StartNew();
        await tickets.SettleAsync(pool, ticket, new Resolution.SignedIn(user, false, []), default);
        while (states[^1] != "confirmed")
            states.Add(await NextStateAsync(reader, cts.Token));

        Assert.Subset(new HashSet<string> { "pending", "scanned", "confirmed" }, states.ToHashSet());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the change took {clock.Elapsed} to arrive");
        Assert.Equal(404, (int)(await Server.Http.GetAsync($"/pools/{pool}/login/tickets/{ticket}/events?request=someone-else")).StatusCode);
        Assert.Equal(404, (int)(await Server.Http.GetAsync($"/pools/{pool}/login/tickets/{ticket}")).StatusCode);
        var polled = await (await Server.Http.GetAsync($"/pools/{pool}/login/tickets/{ticket}?request=req-1")).JsonAsync();
        Assert.Equal("confirmed", polled.GetProperty("state").GetString());
    }
}

public abstract partial class TicketEvents
{
    [Fact]
    public async Task The_ticket_script_is_served_to_the_login_page_as_javascript()
    {
        var response = await Server.Http.GetAsync("/login/ticket.js");
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteTicketEvents(SqliteSandboxServer f) : TicketEvents(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresTicketEvents(PostgresSandboxServer f) : TicketEvents(f.Db, () => f.Server);

// Several nodes share one PostgreSQL: a confirmation on one node reaches a browser waiting on another.
public sealed class CrossNodeTicketTests(PostgresTestDatabase db) : IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task A_confirmation_on_one_node_reaches_the_browser_waiting_on_another_through_listen_notify()
    {
        _ = db.Database;
        await using var nodeA = await TestServer.StartAsync(db);
        await using var nodeB = await TestServer.StartAsync(db);
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        await nodeA.Admin.PostJsonAsync("/admin/api/pools", new { name = pool });
        var user = await nodeA.Service<IUserStore>().CreateAsync(new NewUser(pool, UserProfile.Empty, []));
        var ticket = await nodeA.Service<LoginTickets>().CreateForPageAsync(pool, TicketKind.Follow, "wx", "req-x", null, default);

        var listening = LoginContract.ReadEventsAsync(nodeA.Http, $"/pools/{pool}/login/tickets/{ticket.Id}/events?request=req-x", 2, TimeSpan.FromSeconds(10));
        // Node A's stream waits for a change, and both nodes' listeners have issued their LISTEN.
        await Poll.UntilAsync(() => Task.FromResult(nodeA.Service<TicketNotifier>().Waiting > 0 && Listening(nodeA, nodeB)), ready => ready, TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        await nodeB.Service<LoginTickets>().SettleAsync(pool, ticket.Id, new Resolution.SignedIn(user, false, []), default);

        Assert.Equal(["pending", "confirmed"], await listening);
        // Well under the 15-second heartbeat re-read: the notification carried it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the change took {clock.Elapsed} to cross nodes");
    }

    [Fact]
    public async Task A_change_made_through_one_node_empties_the_read_cache_of_the_others_at_once()
    {
        _ = db.Database;
        // Far longer than the test: only the announcement can make node B see the change in time.
        var settings = new Dictionary<string, string?> { ["WeGate:Database:CacheSeconds"] = "300" };
        await using var nodeA = await TestServer.StartAsync(db, settings);
        await using var nodeB = await TestServer.StartAsync(db, settings);
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        await nodeA.Admin.PostJsonAsync("/admin/api/pools", new { name = pool });
        await nodeA.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "native-app", display_name = "App", type = "native", redirect_uris = new[] { "com.example.app:/oauth" },
        });
        await Poll.UntilAsync(() => Task.FromResult(Listening(nodeA, nodeB)), listening => listening, TimeSpan.FromSeconds(10));
        var applications = nodeB.Service<IApplicationStore>();
        Assert.True((await applications.GetAsync(pool, "native-app"))!.Enabled); // now cached on node B

        var disabled = await nodeA.Admin.PutJsonAsync($"/admin/api/pools/{pool}/applications/native-app", new { enabled = false });
        Assert.Equal(System.Net.HttpStatusCode.OK, disabled.StatusCode);

        var seen = await Poll.UntilAsync(async () => (await applications.GetAsync(pool, "native-app"))!.Enabled, enabled => !enabled, TimeSpan.FromSeconds(5));
        Assert.False(seen);
    }

    // Both nodes' listeners have issued their LISTEN (PostgresListener tells the notifier).
    private static bool Listening(params TestServer[] nodes) => nodes.All(n => n.Service<TicketNotifier>().HearsEveryChange);
}

// How a waiting page learns that its ticket changed without querying at each heartbeat.
public sealed class TicketNotifierTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Fact]
    public void A_watch_renewed_says_whether_the_ticket_changed_meanwhile_and_a_reconnected_listener_wakes_every_waiter()
    {
        var notifier = new TicketNotifier(db.Database);
        Assert.True(notifier.HearsEveryChange); // one node on SQLite hears every change

        using var watches = new TicketWatches(notifier, "t1");
        Assert.False(watches.Renew());
        notifier.Changed("t2");
        Assert.False(watches.Renew());
        notifier.Changed("t1");
        Assert.True(watches.Renew());
        Assert.False(watches.Renew());

        // A listener that reconnects may have missed changes: every waiter reads its ticket again.
        using var other = new TicketWatches(notifier, "t3");
        notifier.Listening();
        Assert.True(watches.Renew());
        Assert.True(other.Renew());
        Assert.Equal(2, notifier.Waiting);
    }
}

public sealed class PostgresTicketNotifierTests(PostgresTestDatabase db) : IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task On_postgresql_every_change_is_heard_only_while_the_listener_is_connected()
    {
        Assert.False(new TicketNotifier(db.Database).HearsEveryChange);
        await using var node = await TestServer.StartAsync(db);
        var notifier = node.Service<TicketNotifier>();
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(notifier.HearsEveryChange), heard => heard, TimeSpan.FromSeconds(10)));
        notifier.NotListening();
        Assert.False(notifier.HearsEveryChange);
    }
}
