using Dapper;

namespace WeGate.Storage;

internal static class DapperSetup
{
    private static int _done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
            return;
        // Columns are snake_case; row classes are PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }
}
