using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using WeGate.Core.Tickets;
using WeGate.Server.Login.Tickets;
using WeGate.Testing;

namespace WeGate.Server.Tests.Hosting;

// Kestrel's limits and the caps on login-ticket event streams come from configuration, are checked at
// start, and hold over real connections.
public sealed class ServerLimitsTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    [Theory]
    [InlineData("WeGate:Kestrel:MaxConcurrentConnections", "0")]
    [InlineData("WeGate:Kestrel:MaxRequestBodyBytes", "10")]
    [InlineData("WeGate:Kestrel:MaxRequestHeadersTotalBytes", "100")]
    [InlineData("WeGate:Kestrel:MaxRequestHeaderCount", "0")]
    [InlineData("WeGate:Kestrel:MaxRequestLineBytes", "1")]
    [InlineData("WeGate:Kestrel:KeepAliveTimeoutSeconds", "0")]
    [InlineData("WeGate:Kestrel:RequestHeadersTimeoutSeconds", "100000")]
    [InlineData("WeGate:Logins:Tickets:MaxStreamsPerTicket", "0")]
    [InlineData("WeGate:Logins:Tickets:MaxStreamsPerIp", "-1")]
    public async Task A_limit_out_of_range_stops_the_start_with_the_setting_named(string key, string value)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(key + " must be between", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_body_and_header_limits_are_the_ones_kestrel_applies()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Kestrel:MaxRequestBodyBytes"] = "4096", ["WeGate:Kestrel:MaxRequestHeadersTotalBytes"] = "8192",
        });
        using var body = new HttpRequestMessage(HttpMethod.Post, "/pools/default/oauth2/token")
        {
            Content = new StringContent("grant_type=" + new string('x', 8000), Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        body.Headers.ExpectContinue = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.Http.SendAsync(body)).StatusCode);

        using var headers = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        headers.Headers.Add("X-Padding", new string('p', 10_000));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await server.Http.SendAsync(headers)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Event_streams_beyond_the_cap_of_a_ticket_or_an_address_get_a_429_until_one_closes()
    {
        await using var server = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Logins:Tickets:MaxStreamsPerTicket"] = "1", ["WeGate:Logins:Tickets:MaxStreamsPerIp"] = "2",
        });
        var tickets = server.Service<LoginTickets>();
        var urls = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ticket = await tickets.CreateForPageAsync("default", TicketKind.Follow, "wx", "req-" + i, null, default);
            urls.Add($"/pools/default/login/tickets/{ticket.Id}/events?request=req-{i}");
        }

        var first = await server.Http.GetAsync(urls[0], HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var sameTicket = await server.Http.GetAsync(urls[0], HttpCompletionOption.ResponseHeadersRead);
        await sameTicket.AssertProblemAsync(429);

        using var second = await server.Http.GetAsync(urls[1], HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var thirdFromSameAddress = await server.Http.GetAsync(urls[2], HttpCompletionOption.ResponseHeadersRead);
        var problem = await thirdFromSameAddress.AssertProblemAsync(429);
        Assert.Contains("poll", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Closing a stream gives its place back (WeGate notices at its next write, a heartbeat at most).
        first.Dispose();
        using var again = await Poll.UntilAsync(() => server.Http.GetAsync(urls[0], HttpCompletionOption.ResponseHeadersRead),
            r => r.StatusCode != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
