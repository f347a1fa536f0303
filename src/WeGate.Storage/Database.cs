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

    // A connection that may read and write, outside the writer: migrations at start, tools and tests.
    // Stores read through OpenReadAsync and write through WriteAsync/TransactAsync.
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct = default);

    // A connection for reads. SQLite: read-only, from a pool of its own, never waiting for the writer.
    public abstract ValueTask<DbConnection> OpenReadAsync(CancellationToken ct = default);

    // SQLite: BEGIN IMMEDIATE, so a read-then-write transaction never fails on a lock upgrade.
    public abstract ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default);

    // One write statement, perhaps with reads (docs/architecture.md#writes). SQLite: run by the one
    // writer inside its current group transaction (`transaction` is that transaction) and answered
    // once that commits; a failing statement undoes itself alone.
    // PostgreSQL: run on a pooled connection without a transaction (`transaction` is null).
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken ct = default);

    // Several statements that commit together or not at all (docs/architecture.md#writes). SQLite: run
    // by the one writer inside a savepoint of its group transaction; PostgreSQL: in a transaction of
    // their own. `work` rolls back by throwing, never by calling Commit or Rollback itself: on SQLite
    // the transaction is shared with other callers' writes.
    public abstract Task<T> TransactAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default);

    public Task WriteAsync(Func<DbConnection, DbTransaction?, Task> statement, CancellationToken ct = default) =>
        WriteAsync(async (c, tx) =>
        {
            await statement(c, tx);
            return true;
        }, ct);

    public Task TransactAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct = default) =>
        TransactAsync(async (c, tx) =>
        {
            await work(c, tx);
            return true;
        }, ct);

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
