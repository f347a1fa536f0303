namespace WeGate.Sandbox.Hosting;

// A configuration problem that stops the standalone sandbox from starting; the message is for the
// person who wrote the configuration and names the setting at fault.
public sealed class SandboxStartupException : Exception
{
    public SandboxStartupException()
    {
    }

    public SandboxStartupException(string message)
        : base(message)
    {
    }

    public SandboxStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
