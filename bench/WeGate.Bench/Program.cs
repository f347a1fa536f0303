using System.CommandLine;
using System.Security.Cryptography;
using WeGate.Bench;
using WeGate.Sandbox.Control;

// wegate-bench: whole WeChat logins against a WeGate running on this machine in Development, with the
// sandbox mounted and the demo prepared (README.md). bench/run.sh starts such a WeGate and runs the
// scenarios of docs/performance.md. `wegate-bench signing` measures what signing a token allocates;
// `wegate-bench oidc` drives any OpenID provider with plain OIDC, for bench/peer.sh.
var root = new RootCommand("Load generator for WeGate: N virtual users perform whole logins (flow 5 or flow 1) against a local WeGate and its sandbox; reports logins/s and latency percentiles.");
var url = new Option<string>("--url") { Description = "WeGate's base address; loopback only.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var flow = new Option<int>("--flow") { Description = "5: mini program (wx.login code → token exchange); 1: follow official account (login page → scan → tokens).", DefaultValueFactory = _ => 5 };
var users = new Option<int>("--users") { Description = "Concurrent virtual users, each doing one login at a time.", DefaultValueFactory = _ => 8 };
var duration = new Option<string>("--duration") { Description = "How long to measure: 20s, 1.5m, 500ms.", DefaultValueFactory = _ => "20s" };
var logins = new Option<int?>("--logins") { Description = "Stop after this many logins (whichever of --duration and --logins comes first)." };
var warmup = new Option<int>("--warmup") { Description = "Logins per user before the clock starts (not counted).", DefaultValueFactory = _ => 1 };
var timeout = new Option<string>("--timeout") { Description = "A login taking longer fails.", DefaultValueFactory = _ => "30s" };
var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
foreach (var option in new Option[] { url, flow, users, duration, logins, warmup, timeout, json })
    root.Options.Add(option);

root.SetAction(async (result, ct) =>
{
    if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var target))
        return await Usage.Refuse("wegate-bench", $"--url is not an absolute URL: {result.GetValue(url)}");
    if (!BenchSettings.TryParseDuration(result.GetValue(duration), out var measured))
        return await Usage.Refuse("wegate-bench", $"--duration is not a duration like 20s, 1.5m or 500ms: {result.GetValue(duration)}");
    if (!BenchSettings.TryParseDuration(result.GetValue(timeout), out var perLogin))
        return await Usage.Refuse("wegate-bench", $"--timeout is not a duration like 30s: {result.GetValue(timeout)}");
    var settings = new BenchSettings(target, result.GetValue(flow), result.GetValue(users), measured, result.GetValue(logins), result.GetValue(warmup), perLogin, result.GetValue(json));
    if (settings.Problem() is { } problem)
        return await Usage.Refuse("wegate-bench", problem);

    await using var services = BenchHttp.Services(target);
    var http = BenchHttp.Client(services);
    var sandbox = new SandboxControlClient(http, new Uri(target, DemoTarget.SandboxPrefix));
    // Personas of this run are new people: a run never meets another run's accounts.
    var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    ILoginScenario scenario = settings.Flow == 1 ? new FollowLogin(http, sandbox, run) : new MiniProgramLogin(http, sandbox, run);
    try
    {
        var figures = await new Runner(settings, scenario, TimeProvider.System).RunAsync(ct);
        await Console.Out.WriteLineAsync(settings.Json ? figures.ToJson() : figures.ToText());
        return figures.Succeeded > 0 ? 0 : 1;
    }
    catch (Exception e) when (e is LoginFailure or HttpRequestException)
    {
        await Console.Error.WriteLineAsync($"wegate-bench: {e.Message}");
        return 1;
    }
});

var signing = new Command("signing", "Allocations of signing one access token from the key cache (ES256 and RS256), in this process: no WeGate needed.");
var tokens = new Option<int>("--tokens") { Description = "Tokens signed per algorithm for the measurement.", DefaultValueFactory = _ => 1000 };
signing.Options.Add(tokens);
signing.SetAction(async (result, ct) =>
{
    if (result.GetValue(tokens) < 1)
        return await Usage.Refuse("wegate-bench", "--tokens must be at least 1");
    foreach (var line in await SigningAllocations.MeasureAsync(result.GetValue(tokens), ct))
        await Console.Out.WriteLineAsync(line);
    return 0;
});
root.Subcommands.Add(signing);
root.Subcommands.Add(WeGate.Bench.Oidc.OidcCommand.Create());
root.Subcommands.Add(BulkUsers.Create());
root.Subcommands.Add(WaitingPages.Create());

return await root.Parse(args).InvokeAsync();
