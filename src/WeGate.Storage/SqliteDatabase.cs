using System.Data.Common;
using Microsoft.Data.Sqlite;
using WeGate.Core.Secrets;

namespace WeGate.Storage;

public sealed class SqliteDatabase : Database
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private static int _initialised;
    private readonly string _connectionString;

    public SqliteDatabase(string connectionString)
    {
        if (Interlocked.Exchange(ref _initialised, 1) == 0)
            SQLitePCL.Batteries_V2.Init();
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: that is the busy timeout.
        if (builder.DefaultTimeout < 30)
            builder.DefaultTimeout = 30;
        if (builder.DataSource is { Length: > 0 } file and not ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal)
            && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(file);
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
                PrivateFiles.EnsureFolder(folder);
            PrivateFiles.EnsureFile(path);
        }
        _connectionString = builder.ToString();
        FileName = builder.DataSource;
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        // WAL lets readers run beside the one writer; the setting is stored in the file.
        wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        wal.ExecuteNonQuery();
    }

    public string FileName { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // SQLite's own busy handler absorbs short waits for the lock in small steps. Without it, Microsoft.Data.Sqlite
    // retries a locked database by blocking the thread for 150 ms at a time, which under load starves
    // the thread pool and collapses throughput. Kept short: a long busy timeout blocks threads inside
    // SQLite just the same (three settings measured in docs/performance.md). A pooled connection keeps
    // the setting; setting it again costs one in-process statement.
    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        using var busy = connection.CreateCommand();
        busy.CommandText = BusyTimeout;
        await busy.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private const string BusyTimeout = "PRAGMA busy_timeout = 50;";

    // BEGIN IMMEDIATE waits at most the busy timeout for the write lock.
    public override ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    internal override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already holds the write lock.

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
