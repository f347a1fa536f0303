using WeGate.Testing;

namespace WeGate.Server.Tests;

// A database and a server on it, shared by the tests of one class.
public abstract class ServerFixture<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    private TestServer? _server;

    public TDatabase Db { get; } = new();

    // Development mounts the sandbox at /sandbox and points WeGate's WeChat client at it.
    protected virtual string Environment => "Production";

    public TestServer Server => _server ?? throw new InvalidOperationException(Db.Unavailable ?? "The server did not start");

    public async ValueTask InitializeAsync()
    {
        await Db.InitializeAsync();
        if (Db.Unavailable is null)
            _server = await TestServer.StartAsync(Db, environment: Environment);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        await Db.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteServer : ServerFixture<SqliteTestDatabase>;

public sealed class PostgresServer : ServerFixture<PostgresTestDatabase>;

public sealed class SqliteSandboxServer : ServerFixture<SqliteTestDatabase>
{
    protected override string Environment => "Development";
}

public sealed class PostgresSandboxServer : ServerFixture<PostgresTestDatabase>
{
    protected override string Environment => "Development";
}
