using System.Reflection;

namespace WeGate.Server.Errors;

// Every error WeGate answers on its OAuth/OIDC endpoints and hosted pages, one entry each, grouped by
// the thousands of their id (docs/errors.md). An id never changes meaning once shipped; a retired entry
// keeps its number unused.
public static partial class WeGateErrors
{
    public static readonly IReadOnlyDictionary<int, string> Sections = new Dictionary<int, string>
    {
        [1] = "Authorization requests",
        [2] = "Token endpoint and client authentication",
        [3] = "Authorization codes, refresh tokens and client credentials",
        [4] = "WeChat logins by token exchange",
        [5] = "Hosted pages",
        [6] = "UserInfo, introspection and logout",
        [7] = "WeChat answers",
        [8] = "Configuration",
        [9] = "Any endpoint",
    };

    private static IReadOnlyList<ErrorEntry>? _all;

    // Read on first use: the entries of the other files of this class are initialized by then.
    public static IReadOnlyList<ErrorEntry> All => _all ??= typeof(WeGateErrors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(member => member.FieldType == typeof(ErrorEntry))
        .Select(member => (ErrorEntry)member.GetValue(null)!)
        .OrderBy(entry => entry.Number)
        .ToList();

    public static string SectionOf(ErrorEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Sections[entry.Number / 1000];
    }
}
