namespace WeGate.Sandbox.Tests;

// The sandbox with a short push deadline, so that timeouts and retries take a second, not fifteen.
public sealed class PushSandboxHost : SandboxHost
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(400);

    protected override SandboxOptions Options() => new() { PushDeadline = Deadline };
}
