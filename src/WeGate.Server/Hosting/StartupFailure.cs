using Microsoft.Extensions.Options;
using WeGate.Storage.Migrations;

namespace WeGate.Server.Hosting;

// Why WeGate refused to start, as the `wegate` command prints it after "WeGate cannot start: ": the
// reason, or every setting that failed its check, one a line (docs/configuration.md#how-settings-are-checked).
public static class StartupFailure
{
    // Null for any other exception: a bug, which keeps its stack trace.
    public static string? Describe(Exception e) => e switch
    {
        StartupException or DatabaseTooNewException => e.Message,
        OptionsValidationException invalid => Lines(invalid.Failures),
        // The host's check of several sections throws one exception for each section that failed.
        AggregateException all when all.InnerExceptions.All(i => i is OptionsValidationException) =>
            Lines(all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        _ => null,
    };

    private static string Lines(IEnumerable<string> failures) => failures.ToList() switch
    {
        [var one] => one,
        var many => $"{many.Count} settings are not valid:\n  " + string.Join("\n  ", many),
    };
}
