using Dapper;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// The two dialects' migrations must build the same schema: the stores run the same SQL on both, and a
// column or an index added on one database only is a bug that the store contract may not reach.
public sealed class SchemaParityTests(SqliteTestDatabase sqlite, PostgresTestDatabase postgres)
    : IClassFixture<SqliteTestDatabase>, IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task Sqlite_and_postgres_migrate_to_the_same_tables_columns_keys_and_indexes()
    {
        var onPostgres = await SchemaDescription.PostgresAsync(postgres.Database);
        var onSqlite = await SchemaDescription.SqliteAsync(sqlite.Database);

        Assert.Contains("table users", onSqlite);
        Assert.True(onSqlite.SetEquals(onPostgres),
            "The schemas differ.\nOnly on SQLite:\n  " + string.Join("\n  ", onSqlite.Except(onPostgres).Order())
            + "\nOnly on PostgreSQL:\n  " + string.Join("\n  ", onPostgres.Except(onSqlite).Order()));
    }

    [Fact]
    public async Task A_column_or_an_index_added_on_one_database_only_shows_in_the_description()
    {
        await using var other = new SqliteTestDatabase();
        await other.InitializeAsync();
        var before = await SchemaDescription.SqliteAsync(other.Database);

        await using (var c = await other.Database.OpenAsync())
            await c.ExecuteAsync("ALTER TABLE pools ADD COLUMN region TEXT NOT NULL DEFAULT ''; CREATE UNIQUE INDEX pools_region ON pools (region)");

        Assert.Equal(["column pools.region text NOT NULL", "unique index pools_region on pools (region)"], (await SchemaDescription.SqliteAsync(other.Database)).Except(before).Order());
    }
}

// A schema as lines a person can compare: each table, its columns (name, NULL or NOT NULL, a type
// family), its primary key and its indexes (name, uniqueness, columns, partial or not). Names that the
// database makes up (SQLite's sqlite_autoindex_*, PostgreSQL's *_key) are left out for the columns.
internal static class SchemaDescription
{
    public static async Task<HashSet<string>> SqliteAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            lines.Add($"table {table}");
            var columns = (await c.QueryAsync<(string Name, string Type, long NotNull, long Pk)>(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@table)", new { table })).ToList();
            // A primary key column cannot be NULL on PostgreSQL; SQLite reports it as nullable unless declared NOT NULL.
            foreach (var col in columns)
                lines.Add(Column(table, col.Name, col.NotNull == 0 && col.Pk == 0, col.Type));
            lines.Add($"primary key {table} ({string.Join(", ", columns.Where(col => col.Pk > 0).OrderBy(col => col.Pk).Select(col => col.Name))})");
            foreach (var (name, unique, origin, partial) in await c.QueryAsync<(string, long, string, long)>(
                "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@table)", new { table }))
            {
                if (origin == "pk")
                    continue;
                var keys = await c.QueryAsync<string?>("SELECT name FROM pragma_index_info(@name) ORDER BY seqno", new { name });
                lines.Add(Index(table, origin == "u" ? null : name, unique != 0, keys.Select(k => k ?? "(expression)"), partial != 0));
            }
        }
        return lines;
    }

    public static async Task<HashSet<string>> PostgresAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in await c.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))
            lines.Add($"table {table}");
        foreach (var (table, name, nullable, type) in await c.QueryAsync<(string, string, bool, string)>(
            "SELECT table_name, column_name, is_nullable = 'YES', data_type FROM information_schema.columns WHERE table_schema = current_schema()"))
            lines.Add(Column(table, name, nullable, type));
        foreach (var (table, name, primary, unique, constraint, partial, keys) in await c.QueryAsync<(string, string, bool, bool, bool, bool, string)>("""
            SELECT t.relname, i.relname, x.indisprimary, x.indisunique,
                   EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u'),
                   x.indpred IS NOT NULL,
                   (SELECT string_agg(COALESCE(a.attname, '(expression)'), ', ' ORDER BY key.n)
                      FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS key(attnum, n)
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = key.attnum)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema()
            """))
        {
            lines.Add(primary ? $"primary key {table} ({keys})" : Index(table, constraint ? null : name, unique, keys.Split(", "), partial));
        }
        return lines;
    }

    private static string Column(string table, string name, bool nullable, string type) =>
        $"column {table}.{name} {Family(type)} {(nullable ? "NULL" : "NOT NULL")}";

    private static string Index(string table, string? name, bool unique, IEnumerable<string> keys, bool partial) =>
        $"{(unique ? "unique index" : "index")} {name ?? "(constraint)"} on {table} ({string.Join(", ", keys)}){(partial ? " where …" : "")}";

    // SQLite has no boolean and no sized integers: INTEGER stands for PostgreSQL's integer, bigint and boolean.
    private static string Family(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" or "SMALLINT" or "BOOLEAN" => "integer",
        "TEXT" or "JSON" or "JSONB" or "CHARACTER VARYING" or "CHARACTER" => "text",
        "BLOB" or "BYTEA" => "bytes",
        "REAL" or "DOUBLE PRECISION" => "real",
        var other => "other:" + other.ToLowerInvariant(),
    };
}
