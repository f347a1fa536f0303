using Microsoft.Extensions.Time.Testing;
using Dapper;
using WeGate.Storage.Migrations;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// Every migration runs over rows that earlier versions wrote. For each version V, a new database is
// migrated one version at a time up to V, and each version's seed (MigrationSeeds) writes its rows at
// the schema it was written for; the database is then migrated to the latest version, and every row
// must read back through the stores.
public abstract class MigrationWithDataContract(Func<TestDatabase> emptyDatabase)
{
    public static TheoryData<int> Versions => [.. Listing(DatabaseProvider.Sqlite).Migrations.Select(m => m.Version)];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Rows_written_up_to_a_version_survive_every_later_migration_and_read_back_through_the_stores(int version)
    {
        await using var fixture = emptyDatabase();
        await fixture.InitializeAsync();
        var db = fixture.Database;
        var migrator = new Migrator(db, TimeProvider.System);
        var seeds = new MigrationSeeds(db, new FakeTimeProvider(MigrationSeeds.Now));

        for (var v = 1; v <= version; v++)
        {
            await MigrateToAsync(db, migrator, v);
            await using var c = await db.OpenAsync();
            await seeds.For(v).WriteAsync(c);
        }
        Assert.Equal(migrator.LatestVersion - version, (await migrator.MigrateAsync()).Count);

        for (var v = 1; v <= version; v++)
            await seeds.For(v).ReadBackAsync();
    }

    [Fact]
    public void Each_migration_has_a_seed_and_each_seed_a_migration()
    {
        var listing = Listing(emptyDatabase().Provider);
        Assert.Equal(listing.Migrations.Select(m => m.Version), new MigrationSeeds(listing.Database, new FakeTimeProvider()).Versions);
    }

    // A migrator only for its list of migrations: its database is never opened.
    private static (Database Database, IReadOnlyList<Migration> Migrations) Listing(DatabaseProvider provider)
    {
        var database = Database.Create(provider, provider == DatabaseProvider.Sqlite ? "Data Source=unused.db" : "Host=unused");
        return (database, new Migrator(database, TimeProvider.System).Migrations);
    }

    // What Migrator.MigrateAsync does, stopping at `version`.
    private static async Task MigrateToAsync(Database db, Migrator migrator, int version)
    {
        var current = (await migrator.GetStatusAsync()).Current;
        await using var c = await db.OpenAsync();
        foreach (var migration in migrator.Migrations.Where(m => m.Version > current && m.Version <= version))
        {
            await using var tx = await db.BeginAsync(c);
            await c.ExecuteAsync(migration.Sql, transaction: tx);
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, 0)", new { migration.Version, migration.Name }, tx);
            await tx.CommitAsync();
        }
    }
}

public sealed class SqliteMigrationWithData() : MigrationWithDataContract(() => new SqliteTestDatabase { Migrated = false });

public sealed class PostgresMigrationWithData() : MigrationWithDataContract(() => new PostgresTestDatabase { Migrated = false });
