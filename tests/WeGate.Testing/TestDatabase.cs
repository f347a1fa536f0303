using Npgsql;
using WeGate.Storage;
using WeGate.Storage.Migrations;
using Xunit;

namespace WeGate.Testing;

// A fresh, migrated database for one test class: a SQLite file in a temporary folder, or a new
// PostgreSQL database created through WEGATE_TEST_POSTGRES (dropped afterwards).
public abstract class TestDatabase : IAsyncLifetime
{
    private Database? _database;

    public abstract DatabaseProvider Provider { get; }

    // Set when the fixture could not be created (PostgreSQL not configured); tests skip with it.
    public string? Unavailable { get; protected set; }

    public string ConnectionString { get; protected set; } = "";

    // False: an empty database, for tests that apply the migrations themselves.
    public bool Migrated { get; init; } = true;

    public Database Database
    {
        get
        {
            if (Unavailable is not null)
                Assert.Skip(Unavailable);
            return _database!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        await CreateAsync();
        if (Unavailable is not null)
            return;
        _database = Storage.Database.Create(Provider, ConnectionString);
        if (Migrated)
            await new Migrator(_database, TimeProvider.System).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task CreateAsync();
    protected abstract Task DropAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private string? _folder;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task CreateAsync()
    {
        _folder = Directory.CreateTempSubdirectory("wegate-test-").FullName;
        ConnectionString = $"Data Source={Path.Combine(_folder, "wegate.db")}";
        return Task.CompletedTask;
    }

    protected override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private string? _name;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable("WEGATE_TEST_POSTGRES");

    protected override async Task CreateAsync()
    {
        if (string.IsNullOrWhiteSpace(ServerConnectionString))
        {
            const string why = "needs PostgreSQL: set WEGATE_TEST_POSTGRES to a connection string of a server where it may create databases (.ci/run does)";
            if (Environment.GetEnvironmentVariable("WEGATE_REQUIRE_POSTGRES") == "1")
                throw new InvalidOperationException("WEGATE_REQUIRE_POSTGRES=1 but this test " + why);
            Unavailable = "This test " + why;
            return;
        }
        _name = "wegate_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _name }.ConnectionString;
    }

    protected override async Task DropAsync()
    {
        if (_name is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
