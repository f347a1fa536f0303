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
