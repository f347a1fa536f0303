using System.Data.Common;
using System.Runtime.CompilerServices;
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
    private readonly string _readConnectionString;
    private readonly SqliteWriter _writer;
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _checkpoints;

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
        // Without Foreign Keys: Microsoft.Data.Sqlite runs PRAGMA foreign_keys at every open, even of a
        // pooled connection (16 % of a read's time in the code flow's profile), and reads need none.
        _readConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, ForeignKeys = null }.ToString();
        _writer = new SqliteWriter(_connectionString, WriterSettings);
        _checkpoints = Task.Run(CheckpointAsync);
    }

    public string FileName { get; }

    // Transactions the writer has committed since the start (docs/architecture.md#writes).
    public long Commits => _writer.Commits;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // Per-connection settings, run once on each new SQLite connection (a pooled connection keeps them):
    // - busy_timeout: SQLite's own busy handler absorbs short waits for the lock in small steps. Without
    //   it, Microsoft.Data.Sqlite retries a locked database by blocking the thread for 150 ms at a time,
    //   which under load starves the thread pool and collapses throughput. Kept short: a long busy
    //   timeout blocks threads inside SQLite just the same (three settings measured in
    //   docs/performance.md).
    // - synchronous=NORMAL: in WAL mode a commit is then written to the operating system, not flushed
    //   to the disk; a killed process loses nothing, a power cut may lose the last commits. synchronous
    //   is a setting of the connection, not of the file: without it here every pooled connection but
    //   the first ran at FULL, one fsync per commit while holding the write lock
    //   (docs/performance.md#against-the-certified-peer).
    private const string ConnectionSettings = "PRAGMA busy_timeout = 50; PRAGMA synchronous = NORMAL;";

    // The writer alone waits long for the lock (held only by migrations, tools and tests outside it),
    // and leaves checkpoints to CheckpointAsync unless the log grows past 10,000 pages (about 40 MB).
    private const string WriterSettings =
        "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = 67108864;";

    // Checkpoints copy the write-ahead log into the database file, with an fsync of each in WAL mode
    // at synchronous=NORMAL. Left to SQLite, each 1,000th page's commit does it while holding the
    // write lock; here a connection of its own does it once a second beside the writer (PASSIVE: it
    // takes no write lock and copies what no reader still needs).
    private async Task CheckpointAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var checkpointed = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                var commits = _writer.Commits;
                if (commits == checkpointed)
                    continue;
                checkpointed = commits;
                try
                {
                    await using var c = await OpenAsync(_closing.Token);
                    await using var checkpoint = c.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync(_closing.Token);
                }
                catch (SqliteException)
                {
                    // Busy with another checkpoint, or the file is going away: the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The native connections that already have the settings; a pooled SqliteConnection hands back the
    // same native handle, so the settings cost one statement per native connection, not per open.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) => await OpenAsync(_connectionString, ct);

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            using var settings = connection.CreateCommand();
            settings.CommandText = ConnectionSettings;
            await settings.ExecuteNonQueryAsync(ct);
            _configured.TryAdd(handle, handle);
        }
        return connection;
    }

    public override async ValueTask<DbConnection> OpenReadAsync(CancellationToken ct = default) => await OpenAsync(_readConnectionString, ct);

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken ct = default) =>
        _writer.EnqueueAsync(statement, atomic: false, ct);

    public override Task<T> TransactAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default) =>
        _writer.EnqueueAsync(work, atomic: true, ct);

    // BEGIN IMMEDIATE waits at most the busy timeout for the write lock.
    public override ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e
        && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    internal override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already holds the write lock.

    public override async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _checkpoints;
        await _writer.DisposeAsync();
        _closing.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
