using System.Collections.Concurrent;

namespace WeGate.Sandbox.Faults;

internal sealed class CallLog(int capacity)
{
    private readonly ConcurrentQueue<SandboxCall> _calls = new();

    public IReadOnlyList<SandboxCall> All => [.. _calls];

    public void Add(SandboxCall call)
    {
        _calls.Enqueue(call);
        while (_calls.Count > capacity && _calls.TryDequeue(out _))
        {
        }
    }

    public void Clear() => _calls.Clear();
}
