using Dapper;
using WeGate.Storage.Migrations;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task Migrations_are_numbered_in_order_recorded_and_applying_them_again_changes_nothing()
    {
        var migrator = new Migrator(Db, Clock);
        Assert.Equal(Enumerable.Range(1, migrator.Migrations.Count), migrator.Migrations.Select(m => m.Version));

        Assert.Empty(await migrator.MigrateAsync());

        var status = await migrator.GetStatusAsync();
        Assert.True(status.IsCurrent);
        await using var c = await Db.OpenAsync();
        var recorded = (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(migrator.Migrations.Select(m => (long)m.Version), recorded);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_wegate_is_refused_with_a_clear_message()
    {
        var migrator = new Migrator(Db, Clock);
        var future = migrator.LatestVersion + 1000;
        await using (var c = await Db.OpenAsync())
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@future, 'from_the_future', 0)", new { future });
        try
        {
            var e = await Assert.ThrowsAsync<DatabaseTooNewException>(() => migrator.MigrateAsync());
            Assert.Equal(future, e.DatabaseVersion);
            Assert.Contains("newer WeGate", e.Message, StringComparison.Ordinal);
            Assert.False((await migrator.GetStatusAsync()).IsCurrent);
        }
        finally
        {
            await using var c = await Db.OpenAsync();
            await c.ExecuteAsync("DELETE FROM schema_migrations WHERE version = @future", new { future });
        }
    }
}
