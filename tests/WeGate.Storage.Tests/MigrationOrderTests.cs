using Dapper;
using WeGate.Storage.Migrations;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// Applying the migrations one at a time to an empty database gives the same schema as applying them all.
public sealed class MigrationOrderTests
{
    [Fact]
    public async Task Migrations_apply_in_order_to_an_empty_sqlite_database_and_two_nodes_migrating_at_once_do_not_collide()
    {
        var folder = Directory.CreateTempSubdirectory("wegate-mig-").FullName;
        try
        {
            var cs = $"Data Source={Path.Combine(folder, "m.db")}";
            await using var a = Database.Create(DatabaseProvider.Sqlite, cs);
            await using var b = Database.Create(DatabaseProvider.Sqlite, cs);
            var results = await Task.WhenAll(new Migrator(a, TimeProvider.System).MigrateAsync(), new Migrator(b, TimeProvider.System).MigrateAsync());

            var latest = new Migrator(a, TimeProvider.System).LatestVersion;
            Assert.Equal(latest, results.Sum(r => r.Count));
            await using var c = await a.OpenAsync();
            Assert.Equal(latest, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'identities_pool_kind_identifier'"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }
}
