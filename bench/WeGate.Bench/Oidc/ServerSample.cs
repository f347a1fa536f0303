using System.Globalization;

namespace WeGate.Bench.Oidc;

// The server's CPU time and resident memory, read from /proc (Linux) around the measured run, so that a
// run reports what each operation cost the server and not only how fast it was.
internal sealed record ServerSample(double CpuSeconds, double RssMiB)
{
    // USER_HZ: the unit of utime and stime in /proc/<pid>/stat, 100 on Linux (proc(5)).
    private const double TicksPerSecond = 100;

    public static ServerSample? Read(int? pid)
    {
        if (pid is null)
            return null;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The fields after the command name, which is in parentheses and may hold spaces: state is
        // field 3, utime field 14 and stime field 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ServerSample(ticks / TicksPerSecond, Math.Round(kib / 1024, 1));
    }
}

// What the server spent during the measured run: its CPU (100 % is one core) and that CPU per operation;
// its memory before any load and after the run.
internal sealed record ServerFigures(double CpuPercent, double CpuMicrosPerOp, double RssIdleMib, double RssAfterMib)
{
    public static ServerFigures? Of(ServerSample? idle, ServerSample? start, ServerSample? end, int operations, TimeSpan elapsed) =>
        idle is null || start is null || end is null || elapsed <= TimeSpan.Zero ? null : new(
            Math.Round((end.CpuSeconds - start.CpuSeconds) / elapsed.TotalSeconds * 100, 1),
            operations == 0 ? 0 : Math.Round((end.CpuSeconds - start.CpuSeconds) / operations * 1e6),
            idle.RssMiB, end.RssMiB);
}
