using Dapper;
using Microsoft.Data.Sqlite;

namespace WeGate.Storage.Tests;

// The one SQLite writer (docs/architecture.md#writes): writes queued while it is busy share a commit,
// each caller gets its own outcome, and a failing write takes no one else's with it.
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"wegate-writer-{Guid.NewGuid():N}.db");
    private SqliteDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = new SqliteDatabase($"Data Source={_file}");
        await using var c = await _db.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_file + suffix);
    }

    private Task<int> InsertAsync(string k, int v = 0) =>
        _db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO t (k, v) VALUES (@k, @v)", new { k, v }, tx));

    private async Task<long> CountAsync()
    {
        await using var c = await _db.OpenReadAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t");
    }

    // Holds the writer inside a write until the returned gate opens, so that what is queued meanwhile
    // forms the next batch.
    private async Task<(Task Held, TaskCompletionSource Gate)> HoldWriterAsync()
    {
        var gate = new TaskCompletionSource();
        var inside = new TaskCompletionSource();
        var held = _db.WriteAsync(async (c, tx) =>
        {
            inside.SetResult();
            await gate.Task;
            return await c.ExecuteAsync("INSERT INTO t (k, v) VALUES ('held', 0)", transaction: tx);
        });
        await inside.Task;
        return (held, gate);
    }

    [Fact]
    public async Task Writes_queued_while_the_writer_is_busy_commit_together_and_each_caller_gets_its_own_outcome()
    {
        var (held, gate) = await HoldWriterAsync();
        var before = _db.Commits;
        // Every tenth key repeats an earlier one: those inserts conflict, the rest must not notice.
        var writes = Enumerable.Range(0, 100).Select(i => InsertAsync(i % 10 == 9 ? $"k{i - 1}" : $"k{i}", i)).ToList();
        gate.SetResult();
        await held;

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return await w;
            }
            catch (SqliteException e) when (_db.IsUniqueViolation(e))
            {
                return -1;
            }
        }));

        Assert.Equal(90, outcomes.Count(o => o == 1));
        Assert.Equal(10, outcomes.Count(o => o == -1));
        Assert.Equal(91, await CountAsync());
        // The held write's commit, then the hundred queued writes in at most two more (a batch holds 256).
        Assert.InRange(_db.Commits - before, 1, 3);
    }

    [Fact]
    public async Task A_transaction_that_throws_rolls_back_alone_and_its_caller_gets_the_error()
    {
        var (held, gate) = await HoldWriterAsync();
        var failing = _db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO t (k, v) VALUES ('a', 1)", transaction: tx);
            await c.ExecuteAsync("INSERT INTO t (k, v) VALUES ('b', 1)", transaction: tx);
            throw new InvalidOperationException("changed my mind");
        });
        var other = InsertAsync("c");
        gate.SetResult();
        await held;

        Assert.Equal("changed my mind", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(1, await other);
        await using var read = await _db.OpenReadAsync();
        Assert.Equal(["c", "held"], (await read.QueryAsync<string>("SELECT k FROM t ORDER BY k")).ToList());
    }

    [Fact]
    public async Task A_write_started_inside_a_write_is_refused_instead_of_waiting_for_itself()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _db.WriteAsync((c, tx) => InsertAsync("inner")));

        Assert.Contains("inside another write", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
        Assert.Equal(1, await InsertAsync("after")); // the writer goes on
    }

    [Fact]
    public async Task Read_connections_cannot_write()
    {
        await using var c = await _db.OpenReadAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("INSERT INTO t (k, v) VALUES ('x', 0)"));

        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task An_answered_write_is_in_the_file_for_a_connection_that_did_not_make_it()
    {
        await InsertAsync("seen", 7);

        await using var other = new SqliteConnection($"Data Source={_file};Pooling=False");
        await other.OpenAsync();
        Assert.Equal(7, await other.ExecuteScalarAsync<int>("SELECT v FROM t WHERE k = 'seen'"));
    }

    [Fact]
    public async Task Writes_after_the_database_closes_are_refused()
    {
        await _db.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => InsertAsync("late"));
        _db = new SqliteDatabase($"Data Source={_file}");
    }
}
