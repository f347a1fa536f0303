using Dapper;
using WeGate.Core.Connections;
using WeGate.Core.Secrets;

namespace WeGate.Storage.Stores;

// Secrets are one AES-GCM blob per connection, bound to "connection:{pool}:{slug}" (SecretProtector).
public sealed class ConnectionStore(Database db, SecretProtector protector, TimeProvider clock) : IConnectionStore
{
    private const string Columns =
        "pool, slug, type, display_name, app_id, settings, secrets_set, login_only, binding_policy, enabled, created_at, updated_at";

    public async Task<IReadOnlyList<Connection>> ListAsync(string pool, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM connections WHERE pool = @pool ORDER BY slug", new { pool }, cancellationToken: ct));
        return rows.Select(r => r.ToConnection()).ToList();
    }

    public async Task<Connection?> GetAsync(string pool, string slug, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM connections WHERE pool = @pool AND slug = @slug", new { pool, slug }, cancellationToken: ct));
        return row?.ToConnection();
    }

    public async Task<ConnectionSecrets?> GetSecretsAsync(string pool, string slug, CancellationToken ct = default)
    {
        var blob = await GetSealedSecretsAsync(pool, slug, ct);
        return blob is null ? null : OpenSecrets(pool, slug, blob);
    }

    // The secrets as stored: encrypted and bound to the connection, safe to keep (CachedConnectionStore).
    public async Task<byte[]?> GetSealedSecretsAsync(string pool, string slug, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return await c.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition("SELECT secrets FROM connections WHERE pool = @pool AND slug = @slug", new { pool, slug }, cancellationToken: ct));
    }

    public ConnectionSecrets OpenSecrets(string pool, string slug, byte[] sealedSecrets) =>
        StoredJson.Read<ConnectionSecrets>(protector.Unprotect(sealedSecrets, Purpose(pool, slug)));

    public async Task<bool> CreateAsync(Connection connection, ConnectionSecrets secrets, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        var n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO connections (pool, slug, type, display_name, app_id, settings, secrets, secrets_set, login_only, binding_policy, enabled, created_at, updated_at)
            VALUES (@Pool, @Slug, @Type, @DisplayName, @AppId, @settings, @blob, @secretsSet, @LoginOnly, @BindingPolicy, @Enabled, @now, @now)
            ON CONFLICT (pool, slug) DO NOTHING
            """,
            Parameters(connection, secrets, now), tx, cancellationToken: ct)), ct);
        return n == 1;
    }

    public async Task<bool> UpdateAsync(Connection connection, ConnectionSecrets secretChanges, CancellationToken ct = default)
    {
        return await db.TransactAsync(async (c, tx) =>
        {
            var blob = await c.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
                "SELECT secrets FROM connections WHERE pool = @Pool AND slug = @Slug", new { connection.Pool, connection.Slug }, tx, cancellationToken: ct));
            if (blob is null)
                return false;
            var secrets = StoredJson.Read<ConnectionSecrets>(protector.Unprotect(blob, Purpose(connection.Pool, connection.Slug))).Merge(secretChanges);
            // The type is immutable like the slug: a connection's identities were minted under it.
            var n = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE connections SET display_name = @DisplayName, app_id = @AppId, settings = @settings, secrets = @blob,
                    secrets_set = @secretsSet, login_only = @LoginOnly, binding_policy = @BindingPolicy, enabled = @Enabled, updated_at = @now
                WHERE pool = @Pool AND slug = @Slug
                """,
                Parameters(connection, secrets, Epoch.Ms(clock.GetUtcNow())), tx, cancellationToken: ct));
            return n == 1;
        }, ct);
    }

    public async Task<bool> DeleteAsync(string pool, string slug, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("DELETE FROM connections WHERE pool = @pool AND slug = @slug", new { pool, slug }, tx, cancellationToken: ct)), ct) == 1;
    }

    private DynamicParameters Parameters(Connection connection, ConnectionSecrets secrets, long now)
    {
        var p = new DynamicParameters(new
        {
            connection.Pool, connection.Slug, connection.Type, connection.DisplayName, connection.AppId,
            connection.LoginOnly, connection.BindingPolicy, connection.Enabled,
        });
        p.Add("settings", StoredJson.Write(connection.Settings));
        p.Add("blob", protector.Protect(StoredJson.Write(secrets), Purpose(connection.Pool, connection.Slug)));
        p.Add("secretsSet", StoredJson.Write(secrets.Names()));
        p.Add("now", now);
        return p;
    }

    private static string Purpose(string pool, string slug) => $"connection:{pool}:{slug}";

    private sealed class Row
    {
        public string Pool { get; set; } = "";
        public string Slug { get; set; } = "";
        public string Type { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Settings { get; set; } = "{}";
        public string SecretsSet { get; set; } = "[]";
        public bool LoginOnly { get; set; }
        public string BindingPolicy { get; set; } = "";
        public bool Enabled { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public Connection ToConnection() => new()
        {
            Pool = Pool, Slug = Slug, Type = Type, DisplayName = DisplayName, AppId = AppId,
            Settings = StoredJson.Read<ConnectionSettings>(Settings), SecretsSet = StoredJson.ReadList(SecretsSet),
            LoginOnly = LoginOnly, BindingPolicy = BindingPolicy, Enabled = Enabled,
            CreatedAt = Epoch.At(CreatedAt), UpdatedAt = Epoch.At(UpdatedAt),
        };
    }
}
