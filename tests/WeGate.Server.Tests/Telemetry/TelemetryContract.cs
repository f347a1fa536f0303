using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WeGate.Sandbox.Registry;
using WeGate.Server.Login.AppMiniProgram;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Tests.Logins;
using WeGate.Testing;

namespace WeGate.Server.Tests.Telemetry;

// Metrics and traces as an operator reads them (docs/operations.md#metrics-and-traces): logins driven
// through the real server and the sandbox, then the Prometheus endpoint scraped, the spans of one login
// followed, and the OTLP collector's bodies searched.
public abstract class TelemetryContract(TestDatabase db, Func<TestServer> server, Func<IEnumerable<Activity>> spans, Func<FakeCollector> collector)
    : LoginContract(db, server)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Three_first_mini_program_logins_and_a_return_are_counted_by_type_outcome_and_resolution_path()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var personas = new[] { await PersonaAsync(), await PersonaAsync(), await PersonaAsync() };
        foreach (var persona in personas)
            await SignInAsync(w, persona.Id);
        await SignInAsync(w, personas[0].Id);

        var pool = ("wegate_pool", w.Pool);
        // ASP.NET Core records a request's duration after its response has gone out: wait for those too.
        var scrape = await Poll.UntilAsync(ScrapeAsync, text => Value(text, "wegate_logins_total", pool) == 4
            && Value(text, "http_server_request_duration_seconds_count", ("http_route", "/pools/{pool}/oauth2/token")) >= 4, Within);

        Assert.Equal(4, Value(scrape, "wegate_logins_total", pool, ("wegate_login_type", "miniprogram"), ("wegate_login_outcome", "success")));
        Assert.Equal(3, Value(scrape, "wegate_account_resolutions_total", pool, ("wegate_resolution_path", "created")));
        Assert.Equal(1, Value(scrape, "wegate_account_resolutions_total", pool, ("wegate_resolution_path", "matched")));
        // Other servers of this test process share the instruments: at least ours are there.
        Assert.True(Value(scrape, "wegate_wechat_calls_total", ("wechat_api", "sns/jscode2session"), ("wechat_errcode", "0")) >= 4, scrape);
        Assert.True(Value(scrape, "wegate_wechat_call_duration_seconds_count", ("wechat_api", "sns/jscode2session")) >= 4, scrape);
        Assert.True(Value(scrape, "http_server_request_duration_seconds_count", ("http_route", "/pools/{pool}/oauth2/token")) >= 4, scrape);
        Assert.NotNull(Value(scrape, "dotnet_gc_collections_total"));
    }

    [Fact]
    public async Task An_app_mp_login_counts_its_ticket_states_its_access_token_fetch_and_its_phone_number_call()
    {
        var w = await AppMpWorldAsync();
        var persona = await PersonaAsync(phone: "13900139000");
        // Tickets and WeChat calls have no pool: other servers of this process may add to them meanwhile.
        string[] states = ["pending", "confirmed", "consumed"];
        var before = await ScrapeAsync();
        double Count(string text, string metric, params (string, string)[] labels) => Value(text, metric, labels) ?? 0;

        var opened = await OpenTicketAsync(w);
        var ticket = opened.GetProperty("ticket").GetString()!;
        Assert.Equal(200, (int)(await ConfirmAsync(w, ticket, new
        {
            code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            phone_code = (await Sandbox.IssuePhoneCodeAsync(w.App.AppId, persona.Id)).Code,
        })).StatusCode);
        var redeemed = await ExchangeAsync(w, TicketExchange.TokenType, ticket,
            new Dictionary<string, string> { ["ticket_secret"] = opened.GetProperty("ticket_secret").GetString()! });
        Assert.Equal(200, (int)redeemed.StatusCode);

        var after = await Poll.UntilAsync(ScrapeAsync, text => Value(text, "wegate_logins_total", ("wegate_pool", w.Pool)) == 1, Within);
        Assert.Equal(1, Value(after, "wegate_logins_total", ("wegate_pool", w.Pool), ("wegate_login_type", "app-mp"), ("wegate_login_outcome", "success")));
        foreach (var state in states)
            Assert.True(Count(after, "wegate_tickets_total", ("wegate_ticket_kind", "app-mp"), ("wegate_ticket_state", state))
                > Count(before, "wegate_tickets_total", ("wegate_ticket_kind", "app-mp"), ("wegate_ticket_state", state)), state);
        Assert.True(Count(after, "wegate_wechat_access_token_refreshes_total", ("wegate_outcome", "success"))
            > Count(before, "wegate_wechat_access_token_refreshes_total", ("wegate_outcome", "success")));
        Assert.True(Count(after, "wegate_wechat_calls_total", ("wechat_api", "wxa/business/getuserphonenumber"), ("wechat_errcode", "0"))
            > Count(before, "wegate_wechat_calls_total", ("wechat_api", "wxa/business/getuserphonenumber"), ("wechat_errcode", "0")));
        if (Db.Provider == Storage.DatabaseProvider.Sqlite)
        {
            Assert.True(Count(after, "wegate_sqlite_commits_total") > Count(before, "wegate_sqlite_commits_total"));
            Assert.NotNull(Value(after, "wegate_sqlite_write_queue"));
        }
    }

    [Fact]
    public async Task A_refused_wechat_code_is_counted_with_its_errcode_and_as_a_login_that_failed_at_wechat()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var before = Value(await ScrapeAsync(), "wegate_wechat_calls_total", ("wechat_api", "sns/jscode2session"), ("wechat_errcode", "40029")) ?? 0;

        Assert.Equal(400, (int)(await ExchangeAsync(w, MiniProgramExchange.TokenType, "no-such-code")).StatusCode);

        var after = await Poll.UntilAsync(ScrapeAsync,
            text => Value(text, "wegate_wechat_calls_total", ("wechat_api", "sns/jscode2session"), ("wechat_errcode", "40029")) > before, Within);
        Assert.Equal(1, Value(after, "wegate_logins_total", ("wegate_pool", w.Pool), ("wegate_login_type", "miniprogram"), ("wegate_login_outcome", "wechat-error")));
    }

    [Fact]
    public async Task One_login_is_one_trace_through_the_token_endpoint_the_wechat_call_and_the_account_resolution()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        var persona = await PersonaAsync();
        var code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code;

        // The test is the caller: its span is the parent WeGate's trace continues (W3C traceparent).
        using var caller = new Activity("test caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        Assert.Equal(200, (int)(await ExchangeAsync(w, MiniProgramExchange.TokenType, code)).StatusCode);
        caller.Stop();

        var trace = await Poll.UntilAsync(() => Task.FromResult(spans().Where(s => s.TraceId == caller.TraceId).ToList()),
            t => t.Any(s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") as string == "/pools/{pool}/oauth2/token"), Within);
        var token = trace.Single(s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") as string == "/pools/{pool}/oauth2/token");
        var wechat = trace.Single(s => s.OperationName == "wechat sns/jscode2session");
        Assert.Equal(token.SpanId, wechat.ParentSpanId);
        Assert.Equal(0, wechat.GetTagItem("wechat.errcode"));
        // HttpClient's span of the call, and the mounted sandbox answering it in the same trace.
        var http = trace.Single(s => s.Kind == ActivityKind.Client && s.ParentSpanId == wechat.SpanId);
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.ParentSpanId == http.SpanId);
        var resolve = trace.Single(s => s.OperationName == "wegate.account.resolve");
        Assert.Equal(token.SpanId, resolve.ParentSpanId);
        Assert.Equal("miniprogram", resolve.GetTagItem("wegate.login.type"));
        Assert.Equal("created", resolve.GetTagItem("wegate.resolution.path"));
        // WeChat's query carries the AppSecret and the person's code: span attributes show neither.
        var values = trace.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(values, v => v.Contains(w.App.Secret, StringComparison.Ordinal) || v.Contains(code, StringComparison.Ordinal));
        Assert.Contains(values, v => v.Contains("sns/jscode2session", StringComparison.Ordinal));
        if (Db.Provider == Storage.DatabaseProvider.Postgres)
            Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == resolve.SpanId);
    }

    [Fact]
    public async Task Spans_and_metrics_reach_the_otlp_collector()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        await SignInAsync(w, (await PersonaAsync()).Id);

        Assert.True(Server.Service<TracerProvider>().ForceFlush(10_000));
        // It answers false: the Prometheus reader is scraped, never flushed. The OTLP reader exports.
        Server.Service<MeterProvider>().ForceFlush(10_000);

        Assert.True(collector().Saw("traces", "wegate.account.resolve"));
        Assert.True(collector().Saw("traces", "wechat sns/jscode2session"));
        Assert.True(collector().Saw("metrics", "wegate.logins"));
        Assert.True(collector().Saw("metrics", w.Pool));
    }

    [Fact]
    public async Task The_scrape_endpoint_needs_an_allowed_address_no_untrusted_proxy_and_the_bearer_token()
    {
        Assert.Equal(200, (int)(await ScrapeResponseAsync(Server.Http, TelemetryServer<SqliteTestDatabase>.ScrapeToken)).StatusCode);

        using var stranger = Server.From("127.0.0.2");
        Assert.Equal(403, (int)(await ScrapeResponseAsync(stranger, TelemetryServer<SqliteTestDatabase>.ScrapeToken)).StatusCode);
        var proxied = await ScrapeResponseAsync(Server.Http, TelemetryServer<SqliteTestDatabase>.ScrapeToken, forwardedFor: "203.0.113.7");
        Assert.Equal(403, (int)proxied.StatusCode);
        Assert.Contains("AllowedNetworks", await proxied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var anonymous = await ScrapeResponseAsync(Server.Http, token: null);
        Assert.Equal(401, (int)anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (int)(await ScrapeResponseAsync(Server.Http, "scrape-token-but-not-the-right-one-0123456789")).StatusCode);
    }

    private async Task SignInAsync(World w, string personaId)
    {
        var response = await ExchangeAsync(w, MiniProgramExchange.TokenType, (await Sandbox.IssueJsCodeAsync(w.App.AppId, personaId)).Code);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await ScrapeResponseAsync(Server.Http, TelemetryServer<SqliteTestDatabase>.ScrapeToken);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> ScrapeResponseAsync(HttpClient client, string? token, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    // The sum of the series of `metric` that have these labels (and maybe others), from Prometheus's text
    // format: name{label="value",…} value [timestamp]. Null when no series has them.
    private static double? Value(string scrape, string metric, params (string Label, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' '))
                continue;
            if (!labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
                continue;
            var rest = line[metric.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..];
            sum = (sum ?? 0) + double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return sum;
    }
}

public sealed class SqliteTelemetryTests(SqliteTelemetryServer f)
    : TelemetryContract(f.Db, () => f.Server, () => f.Spans, () => f.Collector), IClassFixture<SqliteTelemetryServer>;

public sealed class PostgresTelemetryTests(PostgresTelemetryServer f)
    : TelemetryContract(f.Db, () => f.Server, () => f.Spans, () => f.Collector), IClassFixture<PostgresTelemetryServer>;
