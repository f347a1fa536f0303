namespace WeGate.Sandbox.Faults;

internal sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxFault> _faults = new(StringComparer.Ordinal);

    public IReadOnlyList<SandboxFault> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _faults.Values];
            }
        }
    }

    public void Set(SandboxFault fault)
    {
        lock (_gate)
        {
            _faults[Normalize(fault.Path)] = fault with { Path = Normalize(fault.Path) };
        }
    }

    public void Clear(string? path)
    {
        lock (_gate)
        {
            if (path is null)
            {
                _faults.Clear();
            }
            else
            {
                _faults.Remove(Normalize(path));
            }
        }
    }

    // The fault that applies to this call, counting it down.
    public SandboxFault? Take(string path)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(path, out var fault))
            {
                return null;
            }

            if (fault.Count is { } count)
            {
                if (count <= 1)
                {
                    _faults.Remove(path);
                }
                else
                {
                    _faults[path] = fault with { Count = count - 1 };
                }
            }

            return fault;
        }
    }

    private static string Normalize(string path) => path.Trim('/');
}
