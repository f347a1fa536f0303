namespace WeGate.Sandbox.Faults;

// One API call as the sandbox saw it; ErrCode 0 is success, Faulted marks injected answers.
public sealed record SandboxCall(DateTimeOffset At, string Method, string Path, string? AppId, int ErrCode, bool Faulted);
