using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using WeGate.Server.Tests.Repository;

namespace WeGate.Server.Tests.Durability;

// The built server (`dotnet wegate.dll`, as an operator runs it) in a process of its own, so that a test
// can kill it as the operating system would. The build is the one next to this test assembly's
// configuration (src/WeGate.Server/bin/<Configuration>/net10.0), or WEGATE_DLL.
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminKey = "durability-admin-key-" + "0123456789abcdef0123456789abcdef";

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    // The last lines the server wrote, for a failure's message.
    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public static string Dll
    {
        get
        {
            var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Environment.GetEnvironmentVariable("WEGATE_DLL")
                ?? Path.Combine(RepositoryRoot.Path, "src", "WeGate.Server", "bin", configuration, "net10.0", "wegate.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} does not exist: build src/WeGate.Server ({configuration}) first.", dll);
        }
    }

    // Starts WeGate in Development (the sandbox mounted, the demo prepared) with these settings (as
    // WeGate__Section__Key environment variables) and waits until the demo application exists.
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var dll = Dll;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", address.ToString().TrimEnd('/') })
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["WeGate__Admin__ApiKey"] = AdminKey;
        foreach (var (key, value) in settings)
            start.Environment[key] = value;

        var server = new ServerProcess(Process.Start(start)!, address);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    // SIGKILL on Linux: the process that owns the database ends at once, with no shutdown of any kind.
    // `dotnet wegate.dll` runs the server in the dotnet host's own process, which starts no other. Not
    // Kill(entireProcessTree): walking the tree first takes long enough for the logins in flight to finish.
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    // A graceful stop (SIGTERM), falling back to a kill.
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                    await term.WaitForExitAsync();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var admin = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        // Not a timed assertion: a server that never gets ready must not hang the suite.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"WeGate exited ({_process.ExitCode}) during start-up:\n{Output}");
            try
            {
                // DemoSetup creates the demo application last.
                using var demo = await admin.GetAsync("/admin/api/pools/default/applications/demo");
                if (demo.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"WeGate did not prepare its demo within two minutes:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 400)
                _output.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
