using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Sandbox.Control;

namespace WeGate.Bench;

// `wegate-bench pages`: many PC login pages waiting on their follow QR at once, each following its
// login ticket by Server-Sent Events as ticket.js does (docs/performance.md#many-waiting-login-pages).
// It opens --pages of them (authorize, login page, event stream), lets them wait --settle so that their
// heartbeats run, and reads what WeGate holds for them (RSS, CPU, from /proc of --server-pid); then,
// with all of them still open, --confirm more people open a page, scan and follow, one at a time, and
// it times each from the scan to the `confirmed` event reaching the waiting page.
internal static class WaitingPages
{
    private const int OpenAtOnce = 16;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "WeGate's base address; loopback only.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var pages = new Option<int>("--pages") { Description = "Login pages kept waiting, each with its own event stream (connection).", DefaultValueFactory = _ => 10_000 };
        var confirm = new Option<int>("--confirm") { Description = "Logins confirmed one at a time while the pages wait.", DefaultValueFactory = _ => 200 };
        var settle = new Option<string>("--settle") { Description = "How long the pages wait before WeGate's memory and CPU are read.", DefaultValueFactory = _ => "30s" };
        var pid = new Option<int>("--server-pid") { Description = "WeGate's process id, for its memory and CPU from /proc.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("pages", "Many login pages waiting on their QR by Server-Sent Events: WeGate's memory and CPU for them, and how fast a confirmation reaches its page meanwhile.")
        {
            url, pages, confirm, settle, pid, json,
        };
        command.SetAction(async (result, ct) =>
        {
            if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var target) || !target.IsLoopback)
                return await Usage.Refuse("wegate-bench pages", $"--url must be a loopback address: {result.GetValue(url)}");
            if (!BenchSettings.TryParseDuration(result.GetValue(settle), out var wait))
                return await Usage.Refuse("wegate-bench pages", $"--settle is not a duration like 30s: {result.GetValue(settle)}");
            if (result.GetValue(pages) is < 1 or > 1_000_000 || result.GetValue(confirm) is < 1 or > 100_000)
                return await Usage.Refuse("wegate-bench pages", "--pages takes 1 to 1,000,000 and --confirm 1 to 100,000");
            if (!File.Exists($"/proc/{result.GetValue(pid)}/stat"))
                return await Usage.Refuse("wegate-bench pages", $"no process {result.GetValue(pid)}: --server-pid names WeGate's process");
            try
            {
                var figures = await RunAsync(target, result.GetValue(pages), result.GetValue(confirm), wait, result.GetValue(pid), ct);
                await Console.Out.WriteLineAsync(result.GetValue(json) ? JsonSerializer.Serialize(figures, Indented) : figures.ToText());
                return 0;
            }
            catch (Exception e) when (e is LoginFailure or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"wegate-bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<Figures> RunAsync(Uri target, int pages, int confirms, TimeSpan settle, int pid, CancellationToken ct)
    {
        await using var services = BenchHttp.Services(target);
        var http = BenchHttp.Client(services);
        var sandbox = new SandboxControlClient(http, new Uri(target, DemoTarget.SandboxPrefix));
        var follow = new FollowLogin(http, sandbox, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        await follow.PrepareAsync(confirms, ct);
        var idle = Server.Read(pid);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waiting = new List<Task<(string State, string? Message)>>(pages);
        var opening = Stopwatch.StartNew();
        await Parallel.ForAsync(0, pages, new ParallelOptions { MaxDegreeOfParallelism = OpenAtOnce, CancellationToken = ct }, async (_, c) =>
        {
            var page = await follow.OpenLoginPageAsync(null, c);
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var watch = follow.WatchAsync(page, opened, stop.Token);
            lock (waiting)
                waiting.Add(watch);
            await Task.WhenAny(opened.Task, watch).WaitAsync(c);
            if (!opened.Task.IsCompleted)
                await watch; // it failed or ended: say why
        });
        var openedIn = opening.Elapsed;

        var before = Server.Read(pid);
        await Task.Delay(settle, ct);
        var after = Server.Read(pid);
        var stillOpen = waiting.Count(w => !w.IsCompleted);

        var latencies = new List<double>(confirms);
        for (var k = 0; k < confirms; k++)
        {
            var page = await follow.OpenLoginPageAsync(null, ct);
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var watch = follow.WatchAsync(page, opened, ct);
            await Task.WhenAny(opened.Task, watch).WaitAsync(ct);
            var clock = Stopwatch.StartNew();
            await follow.ScanAsync(page.Ticket, $"{follow.PersonaPrefix}{k}", ct);
            var (state, message) = await watch.WaitAsync(TimeSpan.FromSeconds(30), ct);
            if (state != "confirmed")
                throw new LoginFailure($"a confirmed login's page heard {state}" + (message is null ? "" : $": {message}"));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        var end = Server.Read(pid);

        await stop.CancelAsync();
        foreach (var w in waiting)
            await FollowLogin.Observe(w);
        latencies.Sort();
        return new Figures(pages, stillOpen, openedIn.TotalSeconds, idle.RssMiB, after.RssMiB,
            (after.RssMiB - idle.RssMiB) * 1024 / Math.Max(1, stillOpen),
            100 * (after.CpuSeconds - before.CpuSeconds) / settle.TotalSeconds, settle.TotalSeconds,
            confirms, Percentile(latencies, 50), Percentile(latencies, 99), latencies[^1], end.RssMiB);
    }

    private static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    // A process's resident memory and CPU time so far, from /proc.
    private readonly record struct Server(double RssMiB, double CpuSeconds)
    {
        public static Server Read(int pid)
        {
            var rssKiB = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            // utime and stime, fields 14 and 15, after the command name in parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return new Server(double.Parse(rssKiB, System.Globalization.CultureInfo.InvariantCulture) / 1024, ticks / 100);
        }
    }

    internal sealed record Figures(int Pages, int StillOpen, double OpenedInSeconds, double IdleRssMiB, double WaitingRssMiB, double KiBPerPage,
        double WaitingCpuPercent, double SettleSeconds, int Confirmed, double ConfirmP50Ms, double ConfirmP99Ms, double ConfirmMaxMs, double EndRssMiB)
    {
        public string ToText() => $"""
            {Pages:N0} waiting login pages opened in {OpenedInSeconds:F1} s; {StillOpen:N0} still waiting after {SettleSeconds:F0} s
            WeGate RSS: {IdleRssMiB:F0} MiB before, {WaitingRssMiB:F0} MiB with them waiting ({KiBPerPage:F1} KiB a page), {EndRssMiB:F0} MiB at the end
            WeGate CPU while they waited: {WaitingCpuPercent:F1} % of one core
            {Confirmed} logins confirmed one at a time meanwhile, scan to the page's `confirmed` event: p50 {ConfirmP50Ms:F1} ms, p99 {ConfirmP99Ms:F1} ms, max {ConfirmMaxMs:F1} ms
            """;
    }
}
