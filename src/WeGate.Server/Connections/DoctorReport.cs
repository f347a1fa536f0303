namespace WeGate.Server.Connections;

// What the connection doctor found (docs/console.md#the-connection-doctor): one line per check, each
// pass, fail or skipped, with what to do about a failure. Inferred marks a check that WeChat cannot
// answer directly and that the doctor judged from WeGate's own records instead.
public sealed record DoctorCheck(string Id, string Outcome, string Summary, string? Fix = null, bool Inferred = false)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skipped = "skipped";

    public static DoctorCheck Passed(string id, string summary, bool inferred = false) => new(id, Pass, summary, null, inferred);

    public static DoctorCheck Failed(string id, string summary, string fix, bool inferred = false) => new(id, Fail, summary, fix, inferred);

    public static DoctorCheck Skip(string id, string summary) => new(id, Skipped, summary);
}

public sealed record DoctorReport(string Pool, string Connection, string Type, bool Passed, IReadOnlyList<DoctorCheck> Checks);
