using Dapper;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

public sealed class SqliteFileTests
{
    [Fact]
    public async Task The_bundled_SQLite_is_past_the_WAL_reset_fix_of_3_51_3()
    {
        await using var db = new SqliteDatabase($"Data Source={Path.Combine(Path.GetTempPath(), $"wegate-version-{Guid.NewGuid():N}.db")}");
        await using var c = await db.OpenAsync();
        var version = Version.Parse(await c.ExecuteScalarAsync<string>("SELECT sqlite_version()") ?? "0.0");
        File.Delete(db.FileName);

        Assert.True(version >= new Version(3, 51, 3), $"SQLite {version} has the WAL-reset corruption bug and CVE-2025-6965");
    }

    // synchronous is a setting of the connection, not of the file: each pooled connection needs it.
    [Fact]
    public async Task Every_connection_commits_at_synchronous_normal_and_waits_briefly_for_the_lock()
    {
        await using var db = new SqliteDatabase($"Data Source={Path.Combine(Path.GetTempPath(), $"wegate-settings-{Guid.NewGuid():N}.db")}");
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var open = new List<System.Data.Common.DbConnection>();
                for (var i = 0; i < 4; i++)
                    open.Add(await db.OpenAsync());
                foreach (var c in open)
                {
                    Assert.Equal(1, await c.ExecuteScalarAsync<int>("PRAGMA synchronous")); // NORMAL
                    Assert.Equal(50, await c.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
                    Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
                }
                foreach (var c in open)
                    await c.DisposeAsync(); // back to the pool: the second round gets them again
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(db.FileName);
        }
    }

    [Fact]
    public async Task A_new_database_folder_and_its_files_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix permissions only");
            return;
        }
        var root = Directory.CreateTempSubdirectory("wegate-perm-").FullName;
        try
        {
            var folder = Path.Combine(root, "data");
            await using (var db = new SqliteDatabase($"Data Source={Path.Combine(folder, "wegate.db")}"))
            {
                await using var c = await db.OpenAsync();
                await c.ExecuteAsync("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");

                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
                var files = Directory.GetFiles(folder);
                Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
                var modes = files.Select(File.GetUnixFileMode).ToList();
                Assert.All(modes, m => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, m));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
