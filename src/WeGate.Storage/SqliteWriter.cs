using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace WeGate.Storage;

// The one connection that writes a SQLite file (docs/architecture.md#writes). SQLite lets one writer
// in at a time; pooled connections racing for that lock sleep in its busy handler and in
// Microsoft.Data.Sqlite's 150 ms retry. Here writes wait in a queue instead, and the loop commits
// whatever has queued up meanwhile in one transaction (group commit). A transaction's writes run in a
// savepoint of their own, so that one failing write rolls back alone; a single statement needs none,
// as SQLite undoes a failing statement by itself. A caller's task completes after the COMMIT.
internal sealed class SqliteWriter : IAsyncDisposable
{
    // Enough to share one commit among every request a busy node has in flight, small enough that a
    // write queued behind a batch waits for at most this many others.
    private const int MaxBatch = 256;

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AsyncLocal<bool> _inside = new();
    private readonly SqliteConnection _connection;
    private readonly Task _loop;

    public SqliteWriter(string connectionString, string settings)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = settings;
            command.ExecuteNonQuery();
        }
        _loop = Task.Run(RunAsync);
        _observed = Core.Telemetry.WeGateTelemetry.ObserveSqliteWriter(() => Interlocked.Read(ref _queued), () => Commits);
    }

    private readonly IDisposable _observed;

    // Writes waiting for the loop (a single-reader channel cannot count them).
    private long _queued;

    private long _commits;

    // Transactions committed since the start; each holds one or more writes.
    public long Commits => Interlocked.Read(ref _commits);

    // atomic: the work runs several statements that must commit together or not at all.
    public Task<T> EnqueueAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, bool atomic, CancellationToken ct)
    {
        if (_inside.Value)
            throw new InvalidOperationException("A write was started inside another write: it would wait for itself. Pass the connection and transaction on instead.");
        var write = new Write<T>(work, atomic, ct);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(write))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The database is closed.");
        }
        return write.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Write>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                batch.Add(write);
            Interlocked.Add(ref _queued, -batch.Count);
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    // Every caller learns its outcome after the COMMIT, failures included: a caller told that its
    // insert conflicted must be able to read the row it conflicted with.
    private async Task CommitAsync(List<Write> batch)
    {
        try
        {
            await RunBatchAsync(batch);
        }
        finally
        {
            foreach (var write in batch)
                write.Deliver();
        }
    }

    private async Task RunBatchAsync(List<Write> batch)
    {
        var done = new List<Write>(batch.Count);
        SqliteTransaction tx;
        try
        {
            tx = _connection.BeginTransaction(deferred: false);
        }
        catch (Exception e)
        {
            foreach (var write in batch)
                write.Fail(e);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            if (write.Cancellation.IsCancellationRequested)
            {
                write.Fail(new OperationCanceledException(write.Cancellation));
                continue;
            }
            var savepoint = write.Atomic && batch.Count > 1;
            if (savepoint)
                tx.Save("w");
            try
            {
                _inside.Value = true;
                await write.RunAsync(_connection, tx);
                if (savepoint)
                    tx.Release("w");
                done.Add(write);
            }
            catch (Exception e)
            {
                write.Fail(e);
                if (batch.Count > 1 && (savepoint ? TryUndo(tx) : StillOpen()))
                    continue;
                // The transaction is gone (SQLite rolls the whole of it back on some errors, such as a
                // full disk): what ran before is lost, what had not run yet starts a new one.
                Discard(tx);
                foreach (var lost in done)
                    lost.Fail(e);
                if (i + 1 < batch.Count)
                    await RunBatchAsync(batch[(i + 1)..]);
                return;
            }
            finally
            {
                _inside.Value = false;
            }
        }
        try
        {
            tx.Commit();
            Interlocked.Increment(ref _commits);
        }
        catch (Exception e)
        {
            foreach (var write in done)
                write.Fail(e);
        }
        finally
        {
            Discard(tx);
        }
    }

    // Rolls back what is left; SQLite may have rolled the transaction back itself already.
    private static void Discard(SqliteTransaction tx)
    {
        try
        {
            tx.Dispose();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
        }
    }

    private bool StillOpen() => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private static bool TryUndo(SqliteTransaction tx)
    {
        try
        {
            tx.Rollback("w");
            tx.Release("w");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _observed.Dispose();
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private abstract class Write(bool atomic, CancellationToken cancellation)
    {
        public bool Atomic { get; } = atomic;

        public CancellationToken Cancellation { get; } = cancellation;

        protected Exception? Failure { get; private set; }

        public abstract Task RunAsync(SqliteConnection connection, SqliteTransaction tx);

        public void Fail(Exception e) => Failure = e;

        public abstract void Deliver();
    }

    // RunContinuationsAsynchronously: the caller's continuation must not run on the writer's loop.
    private sealed class Write<T>(Func<DbConnection, DbTransaction, Task<T>> work, bool atomic, CancellationToken cancellation) : Write(atomic, cancellation)
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

        public Task<T> Task => _result.Task;

        public override async Task RunAsync(SqliteConnection connection, SqliteTransaction tx) => _value = await work(connection, tx);

        public override void Deliver()
        {
            if (Failure is OperationCanceledException canceled)
                _result.TrySetCanceled(canceled.CancellationToken);
            else if (Failure is not null)
                _result.TrySetException(Failure);
            else
                _result.TrySetResult(_value);
        }
    }
}
