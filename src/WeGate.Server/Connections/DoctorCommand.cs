using WeGate.Core.Connections;
using WeGate.Core.Pools;
using WeGate.Server.Hosting;

namespace WeGate.Server.Connections;

// `wegate doctor --pool <pool> [--connection <slug>]` (docs/operations.md#the-connection-doctor): the
// doctor's report as plain text, one line per check and the fix under a failure. The exit code is 1
// when a check fails, so a deployment script can stop on it.
internal static class DoctorCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string pool, string? slug, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        if (await services.GetRequiredService<IPoolStore>().GetAsync(pool, ct) is null)
            throw new StartupException($"There is no pool '{pool}'");
        var slugs = slug is not null ? [slug] : (await services.GetRequiredService<IConnectionStore>().ListAsync(pool, ct)).Select(c => c.Slug).ToList();
        if (slugs.Count == 0)
        {
            await output.WriteLineAsync($"Pool '{pool}' has no connection.");
            return 0;
        }
        var doctor = services.GetRequiredService<ConnectionDoctor>();
        var failed = false;
        foreach (var s in slugs)
        {
            var report = await doctor.ExamineAsync(pool, s, ct) ?? throw new StartupException($"Pool '{pool}' has no connection '{s}'");
            failed |= !report.Passed;
            await output.WriteAsync(Format(report));
        }
        return failed ? 1 : 0;
    }

    public static string Format(DoctorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new System.Text.StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{report.Pool}/{report.Connection} ({report.Type}): {(report.Passed ? "every check passed" : "a check failed")}\n");
        foreach (var c in report.Checks)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {c.Outcome.ToUpperInvariant(),-8}{c.Id,-19}{(c.Inferred ? "(inferred) " : "")}{c.Summary}\n");
            if (c.Fix is not null)
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {"",-8}{"",-19}fix: {c.Fix}\n");
        }
        return text.ToString();
    }
}
