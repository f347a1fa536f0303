namespace WeGate.Sandbox.Faults;

// A fault for one API path ("sns/jscode2session"): answer errcode instead of the real handler, wait
// LatencyMs first, or hang until the client gives up (Timeout). Count null means until cleared.
public sealed record SandboxFault(string Path)
{
    public int? ErrCode { get; init; }

    public int LatencyMs { get; init; }

    public bool Timeout { get; init; }

    public int? Count { get; init; }
}
