using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace WeGate.Storage.Migrations;

// Versioned SQL scripts per dialect, embedded in this assembly as Migrations/{Dialect}/NNNN_name.sql.
// Each is applied in its own transaction, recorded in schema_migrations, and never edited once shipped.
public sealed partial class Migrator(Database database, TimeProvider clock)
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    [GeneratedRegex(@"\.Migrations\.(?<dialect>Sqlite|Postgres)\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();

    public IReadOnlyList<Migration> Migrations { get; } = Load(database.Provider);

    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    public async Task<MigrationStatus> GetStatusAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(CreateTable, cancellationToken: ct));
        var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(version) FROM schema_migrations", cancellationToken: ct)) ?? 0;
        return new MigrationStatus((int)current, LatestVersion);
    }

    // Returns the migrations applied now. Throws DatabaseTooNewException when the database holds a
    // version this build does not know: an older WeGate must not write to a newer schema.
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken ct = default)
    {
        var applied = new List<Migration>();
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(CreateTable, cancellationToken: ct));
        foreach (var migration in Migrations)
        {
            await using var tx = await database.BeginAsync(connection, ct);
            await database.LockForMigrationAsync(connection, tx, ct);
            var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(version) FROM schema_migrations", transaction: tx, cancellationToken: ct)) ?? 0;
            if (current > LatestVersion)
                throw new DatabaseTooNewException((int)current, LatestVersion);
            if (migration.Version <= current)
                continue;
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @at)",
                new { migration.Version, migration.Name, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            applied.Add(migration);
        }
        var status = await GetStatusAsync(ct);
        if (status.Current > status.Latest)
            throw new DatabaseTooNewException(status.Current, status.Latest);
        return applied;
    }

    private static List<Migration> Load(DatabaseProvider provider)
    {
        var dialect = provider.ToString();
        var assembly = typeof(Migrator).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var m = ResourceName().Match(resource);
            if (!m.Success || m.Groups["dialect"].Value != dialect)
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(m.Groups["version"].Value, CultureInfo.InvariantCulture), m.Groups["name"].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
                throw new InvalidOperationException($"{dialect} migrations must be numbered 1, 2, 3… without gaps; found {list[i].Version} at position {i + 1}");
        }
        return list;
    }
}

public sealed record Migration(int Version, string Name, string Sql);

public sealed record MigrationStatus(int Current, int Latest)
{
    public bool IsCurrent => Current == Latest;
}

public sealed class DatabaseTooNewException(int databaseVersion, int knownVersion)
    : Exception($"The database is at schema version {databaseVersion}, but this WeGate knows only up to {knownVersion}. " +
                "It was migrated by a newer WeGate: run that version (or newer), or restore a backup taken before the upgrade.")
{
    public int DatabaseVersion { get; } = databaseVersion;
    public int KnownVersion { get; } = knownVersion;
}
