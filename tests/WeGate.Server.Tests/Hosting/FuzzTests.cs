using System.Text;
using FsCheck.Fluent;
using WeGate.Testing;

namespace WeGate.Server.Tests.Hosting;

// WeGate in Development on SQLite, with the sandbox mounted and the demo prepared, so that every
// WeChat login's endpoints are live.
public sealed class FuzzServer : IAsyncLifetime
{
    private TestServer? _server;

    public SqliteTestDatabase Db { get; } = new();

    public TestServer Server => _server ?? throw new InvalidOperationException(Db.Unavailable ?? "The server did not start");

    public async ValueTask InitializeAsync()
    {
        await Db.InitializeAsync();
        _server = await TestServer.StartAsync(Db, new Dictionary<string, string?> { ["WeGate:Demo"] = "true" }, environment: "Development");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        await Db.DisposeAsync();
    }
}

// Every endpoint of the running app (listed from its EndpointDataSource, so a new one is fuzzed without
// editing this test), fed malformed and mistyped bodies, hostile XML, odd route values, query strings
// and headers (FsCheck generators, fixed seed; WEGATE_FUZZ_SEED replays another). Whatever a client
// gets wrong, no answer is a 5xx and the log has no error and no stack trace.
public sealed class FuzzTests(FuzzServer fixture, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    private const int Requests = 3000;

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task No_endpoint_answers_a_server_error_or_logs_one_whatever_a_client_sends()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("WEGATE_FUZZ_SEED"), out var given) ? given : 1UL;
        var world = await FuzzWorld.CreateAsync(Server);
        Assert.Contains(world.Routes, r => r.Pattern == "/pools/{pool}/oauth2/token");
        Assert.Contains(world.Routes, r => r.Pattern.StartsWith("/admin/api/", StringComparison.Ordinal));
        Assert.Contains(world.Routes, r => r.Pattern.StartsWith("/demo", StringComparison.Ordinal));
        var cases = FuzzInputs.Request(world).Sample(Requests, new FsCheck.Rnd(seed), 20); // count, seed, size

        // Cookies and headers as the generator wrote them, non-ASCII included.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        }) { Timeout = TimeSpan.FromSeconds(10) };
        var mark = Server.Log.Mark();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var fuzz in cases)
        {
            try
            {
                var (status, body) = await SendAsync(http, fuzz);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                    failures.Add($"{status} {Shorten(body)}: {fuzz}");
            }
            catch (HttpRequestException) when (fuzz.PastKestrelLimits)
            {
            }
            catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
            {
                failures.Add($"no answer ({e.GetType().Name}: {e.Message} {e.InnerException?.Message}): {fuzz}");
            }
        }

        output.WriteLine($"{cases.Length} requests over {world.Routes.Count} routes; answers: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        var errors = Server.Log.ErrorsSince(mark);
        Assert.True(failures.Count == 0 && errors.Count == 0,
            $"seed {seed}: {failures.Count} server errors, {errors.Count} logged errors\n" + string.Join("\n", failures.Take(20))
            + "\n" + string.Join("\n", errors.Take(10).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
    }

    // The fuzzer's findings, each as a plain request.

    [Fact]
    public async Task A_client_whose_accept_names_no_json_type_still_gets_problem_json_for_an_error()
    {
        var mark = Server.Log.Mark();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/api/pools");
        request.Headers.Accept.ParseAdd("text/html");
        await (await Server.Http.SendAsync(request)).AssertProblemAsync(401);
        using var form = new HttpRequestMessage(HttpMethod.Post, "/pools/default/login") { Content = new StringContent("a=1", Encoding.UTF8, "multipart/form-data") };
        form.Headers.Accept.ParseAdd("text/html");
        await (await Server.Http.SendAsync(form)).AssertProblemAsync(400);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Fact]
    public async Task A_forged_antiforgery_cookie_gets_a_fresh_token_and_no_error_in_the_log()
    {
        var mark = Server.Log.Mark();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pools/default/oauth2/logout");
        request.Headers.Add("Cookie", "wegate_af=CfDJ8" + new string('A', 90));
        var response = await Server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wegate_af=", StringComparison.Ordinal));
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Fact]
    public async Task An_encrypted_push_to_a_plaintext_oa_follow_connection_is_a_400()
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "follow", type = "oa-follow", display_name = "Follow", app_id = "wx1234567890abcdef", app_secret = "secret", token = "plainToken",
        })).StatusCode);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = WeGate.WeChat.Crypto.WeChatSignature.ForUrl("plainToken", timestamp, "n1");
        var mark = Server.Log.Mark();
        var response = await Server.Http.PostAsync($"/pools/{pool}/login/oa-follow/follow/callback?signature={signature}&timestamp={timestamp}&nonce=n1&encrypt_type=aes",
            new StringContent("<xml><ToUserName>gh_0123456789ab</ToUserName><Encrypt>AAAA</Encrypt></xml>", Encoding.UTF8, "text/xml"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("EncodingAESKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    // Sent again once when the connection breaks: the client may have reused a connection the server
    // was closing after refusing an earlier request unread.
    private async Task<(int Status, string Body)> SendAsync(HttpClient http, FuzzRequest fuzz, bool again = false)
    {
        using var request = fuzz.ToMessage(Server.Http.BaseAddress!);
        try
        {
            // A live ticket's event stream never ends by itself: its headers are the answer.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
                return ((int)response.StatusCode, "");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (HttpRequestException) when (!again)
        {
            return await SendAsync(http, fuzz, again: true);
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
