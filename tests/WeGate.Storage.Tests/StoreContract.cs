using Dapper;
using WeGate.Core.Secrets;
using WeGate.Storage;
using WeGate.Storage.Stores;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// The one contract every database must keep. Each concrete class below runs all of it on its database.
public abstract partial class StoreContract(TestDatabase fixture)
{
    protected static readonly SecretProtector Protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    protected Database Db => fixture.Database;
    protected TimeProvider Clock { get; } = TimeProvider.System;

    protected PoolStore Pools => new(Db, Clock);
    protected ConnectionStore Connections => new(Db, Protector, Clock);
    protected ApplicationStore Applications => new(Db, Clock);
    protected UserStore Users => new(Db, Clock);

    // Every test works in a pool of its own, so tests sharing a database never see each other.
    protected async Task<string> NewPoolAsync()
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.True(await Pools.CreateAsync(name, "Test pool"));
        return name;
    }

    protected async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }
}

public sealed class SqliteStoreContract(SqliteTestDatabase db) : StoreContract(db), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresStoreContract(PostgresTestDatabase db) : StoreContract(db), IClassFixture<PostgresTestDatabase>;
