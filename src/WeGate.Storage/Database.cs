using System.Data.Common;

namespace WeGate.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

// One place that knows how to open a connection and how the two dialects differ. Stores share their
// SQL; what differs (a unique violation's error shape, the migration lock) is asked here.
public abstract class Database : IAsyncDisposable
{
    static Database() => DapperSetup.Configure();

    public abstract DatabaseProvider Provider { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct = default);

    // SQLite: BEGIN IMMEDIATE, so a read-then-write transaction never fails on a lock upgrade.
    public abstract ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default);

    public abstract bool IsUniqueViolation(Exception exception);

    // Serialises migrations between nodes starting at the same time.
    internal abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    public static Database Create(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDatabase(connectionString),
        DatabaseProvider.Postgres => new PostgresDatabase(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider"),
    };
}
