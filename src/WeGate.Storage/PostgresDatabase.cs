using System.Data.Common;
using Dapper;
using Npgsql;

namespace WeGate.Storage;

public sealed class PostgresDatabase(string connectionString) : Database
{
    // An arbitrary constant naming WeGate's migration lock among the server's advisory locks.
    private const long MigrationLockKey = 0x57654761746531;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public NpgsqlDataSource DataSource => _dataSource;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) =>
        await _dataSource.OpenConnectionAsync(ct);

    public override ValueTask<DbConnection> OpenReadAsync(CancellationToken ct = default) => OpenAsync(ct);

    public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await statement(c, null);
    }

    public override async Task<T> TransactAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public override async ValueTask<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default) =>
        await connection.BeginTransactionAsync(ct);

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    internal override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction, cancellationToken: ct));

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
