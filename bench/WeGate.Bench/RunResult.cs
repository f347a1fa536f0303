using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WeGate.Bench;

// The figures of one run, as text for a person or JSON for bench/run.sh. Latencies are of successful
// whole logins only; logins/s counts successful logins over the measured time (start to the last
// login's end).
internal sealed record RunResult(BenchSettings Settings, string Name, string Description, Tally Measured, Tally Warmup, TimeSpan Elapsed, bool Interrupted)
{
    private const int ErrorsShown = 5;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The server's CPU and memory during the run, when its process was named (`wegate-bench oidc --server-pid`).
    public Oidc.ServerFigures? Server { get; init; }

    public int Succeeded => Measured.Latencies.Count;

    public double LoginsPerSecond => Elapsed.TotalSeconds > 0 ? Succeeded / Elapsed.TotalSeconds : 0;

    public string ToText()
    {
        var latencies = Sorted(Measured.Latencies);
        var text = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        text.AppendLine(i, $"wegate-bench {Name}: {Description}");
        // `wegate-bench oidc` counts protocol operations (a grant, a code flow), not logins, and warms up by time.
        var (unit, warmup) = Settings.Mode is null ? ("logins", $", {Settings.Warmup} warm-up login(s) each") : ("operations", "");
        text.AppendLine(i, $"  target    {Settings.Url}  ({Settings.Users} virtual users, {Settings.Duration.TotalSeconds:0.#} s{(Settings.Logins is { } n ? $" or {n} logins" : "")}{warmup})");
        text.AppendLine(i, $"  {unit,-10}{Succeeded} succeeded, {Measured.FailedCount} failed in {Elapsed.TotalSeconds:0.00} s{(Interrupted ? " (interrupted)" : "")}");
        text.AppendLine(i, $"  rate      {LoginsPerSecond:0.0} {unit}/s  (the bench itself used {Environment.CpuUsage.TotalTime.TotalSeconds:0.0} s of CPU)");
        if (latencies.Length > 0)
        {
            text.AppendLine(i, $"  latency   p50 {Percentile(latencies, 50):0.0} ms   p95 {Percentile(latencies, 95):0.0} ms   p99 {Percentile(latencies, 99):0.0} ms   max {latencies[^1]:0.0} ms");
            text.AppendLine("  steps     p50 / p95 ms");
            foreach (var (step, list) in Measured.Steps)
            {
                var sorted = Sorted(list);
                text.AppendLine(i, $"            {step,-18} {Percentile(sorted, 50),8:0.0} / {Percentile(sorted, 95):0.0}");
            }
        }
        if (Server is { } server)
            text.AppendLine(i, $"  server    CPU {server.CpuPercent:0.0} % ({server.CpuMicrosPerOp:0} µs per operation), RSS {server.RssIdleMib:0.0} MiB idle, {server.RssAfterMib:0.0} MiB after");
        AppendErrors(text, "errors", Measured);
        if (Warmup.FailedCount > 0)
            AppendErrors(text, "warm-up errors", Warmup);
        return text.ToString();
    }

    public string ToJson()
    {
        var latencies = Sorted(Measured.Latencies);
        return JsonSerializer.Serialize(new JsonReport(
            Name, Settings.Flow, Settings.Mode, Settings.Url.ToString(), Settings.Users, Settings.Duration.TotalSeconds, Settings.Logins, Settings.Warmup,
            Math.Round(Elapsed.TotalSeconds, 3), Succeeded, Measured.FailedCount, Math.Round(LoginsPerSecond, 2), Interrupted,
            latencies.Length == 0 ? null : new Latency(Round(Percentile(latencies, 50)), Round(Percentile(latencies, 95)), Round(Percentile(latencies, 99)), Round(latencies[^1]), Round(latencies.Average())),
            [.. Measured.Steps.Select(s => { var sorted = Sorted(s.Value); return new Step(s.Key, Round(Percentile(sorted, 50)), Round(Percentile(sorted, 95))); })],
            [.. Measured.Errors.Take(ErrorsShown).Select(e => new Error(e.Key, e.Value))],
            Measured.Errors.Count, Math.Round(Environment.CpuUsage.TotalTime.TotalSeconds, 2), Server), Json);
    }

    private static void AppendErrors(StringBuilder text, string title, Tally tally)
    {
        if (tally.Errors.Count == 0)
            return;
        var i = CultureInfo.InvariantCulture;
        text.AppendLine(i, $"  {title} ({tally.Errors.Count} distinct, the first {Math.Min(ErrorsShown, tally.Errors.Count)}):");
        foreach (var (message, count) in tally.Errors.Take(ErrorsShown))
            text.AppendLine(i, $"    {count,6}×  {message}");
    }

    private static double[] Sorted(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    // Nearest rank: the smallest value with at least p% of the values at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double value) => Math.Round(value, 1);

    private sealed record JsonReport(
        string Scenario, int Flow, string? Mode, string Url, int Users, double DurationS, int? Logins, int Warmup, double ElapsedS, int Succeeded, int Failed,
        double LoginsPerS, bool Interrupted, Latency? LatencyMs, IReadOnlyList<Step> Steps, IReadOnlyList<Error> Errors, int DistinctErrors,
        double BenchCpuS, Oidc.ServerFigures? Server);

    private sealed record Latency(double P50, double P95, double P99, double Max, double Mean);

    private sealed record Step(string Name, double P50Ms, double P95Ms);

    private sealed record Error(string Message, int Count);
}
