using System.Data.Common;
using Dapper;
using WeGate.Core.Applications;

namespace WeGate.Storage.Stores;

public sealed class ApplicationStore(Database db, TimeProvider clock) : IApplicationStore
{
    private const string Columns =
        "pool, client_id, display_name, type, redirect_uris, post_logout_redirect_uris, grants, connections, " +
        "access_token_seconds, id_token_seconds, refresh_token_seconds, refresh_token_absolute_seconds, signing_algorithm, enabled, created_at, updated_at, api_scopes, resources, logo_uri, primary_color";

    public async Task<IReadOnlyList<Application>> ListAsync(string pool, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM applications WHERE pool = @pool ORDER BY client_id", new { pool }, cancellationToken: ct));
        return rows.Select(r => r.ToApplication()).ToList();
    }

    public async Task<Application?> GetAsync(string pool, string clientId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM applications WHERE pool = @pool AND client_id = @clientId", new { pool, clientId }, cancellationToken: ct));
        return row?.ToApplication();
    }

    public async Task<bool> CreateAsync(Application application, string? secretHash, CancellationToken ct = default)
    {
        var p = Parameters(application);
        p.Add("secretHash", secretHash);
        var n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO applications (pool, client_id, display_name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grants, connections,
                access_token_seconds, id_token_seconds, refresh_token_seconds, refresh_token_absolute_seconds, signing_algorithm, enabled, created_at, updated_at, api_scopes, resources, logo_uri, primary_color)
            VALUES (@Pool, @ClientId, @DisplayName, @Type, @secretHash, @redirectUris, @postLogout, @grants, @connections,
                @access, @id, @refresh, @absolute, @SigningAlgorithm, @Enabled, @now, @now, @apiScopes, @resources, @logo, @color)
            ON CONFLICT (pool, client_id) DO NOTHING
            """, p, tx, cancellationToken: ct)), ct);
        return n == 1;
    }

    // Disabling an application revokes its grants: its access tokens stop working at userinfo and
    // introspection, its refresh tokens at once. Enabling it again revives none of them.
    public async Task<bool> UpdateAsync(Application application, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        return await db.TransactAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE applications SET display_name = @DisplayName, redirect_uris = @redirectUris, post_logout_redirect_uris = @postLogout,
                    grants = @grants, connections = @connections, access_token_seconds = @access, id_token_seconds = @id,
                    refresh_token_seconds = @refresh, refresh_token_absolute_seconds = @absolute, signing_algorithm = @SigningAlgorithm, enabled = @Enabled, updated_at = @now,
                    api_scopes = @apiScopes, resources = @resources, logo_uri = @logo, primary_color = @color
                WHERE pool = @Pool AND client_id = @ClientId
                """, Parameters(application), tx, cancellationToken: ct));
            if (n == 1 && !application.Enabled)
                await RevokeGrantsAsync(c, tx, application.Pool, application.ClientId, ct);
            return n == 1;
        }, ct);
    }

    private async Task RevokeGrantsAsync(DbConnection c, DbTransaction tx, string pool, string clientId, CancellationToken ct)
    {
        var args = new { pool, clientId, now = Epoch.Ms(clock.GetUtcNow()) };
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @now WHERE pool = @pool AND family_id IN (SELECT id FROM grants WHERE pool = @pool AND client_id = @clientId) AND revoked_at IS NULL",
            args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE grants SET revoked_at = @now WHERE pool = @pool AND client_id = @clientId AND revoked_at IS NULL", args, tx, cancellationToken: ct));
    }

    public async Task<bool> SetSecretHashAsync(string pool, string clientId, string secretHash, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE applications SET secret_hash = @secretHash, updated_at = @now WHERE pool = @pool AND client_id = @clientId",
            new { pool, clientId, secretHash, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;
    }

    public async Task<string?> GetSecretHashAsync(string pool, string clientId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT secret_hash FROM applications WHERE pool = @pool AND client_id = @clientId", new { pool, clientId }, cancellationToken: ct));
    }

    // Deleting revokes the application's grants first, so an application created again under the same
    // client id inherits no live token.
    public async Task<bool> DeleteAsync(string pool, string clientId, CancellationToken ct = default)
    {
        return await db.TransactAsync(async (c, tx) =>
        {
            await RevokeGrantsAsync(c, tx, pool, clientId, ct);
            var deleted = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM applications WHERE pool = @pool AND client_id = @clientId", new { pool, clientId }, tx, cancellationToken: ct)) == 1;
            return deleted;
        }, ct);
    }

    private DynamicParameters Parameters(Application a)
    {
        var p = new DynamicParameters(new { a.Pool, a.ClientId, a.DisplayName, a.Type, a.SigningAlgorithm, a.Enabled });
        p.Add("redirectUris", StoredJson.Write(a.RedirectUris));
        p.Add("postLogout", StoredJson.Write(a.PostLogoutRedirectUris));
        p.Add("grants", StoredJson.Write(a.Grants));
        p.Add("connections", StoredJson.Write(a.Connections));
        p.Add("apiScopes", StoredJson.Write(a.ApiScopes));
        p.Add("resources", StoredJson.Write(a.Resources));
        p.Add("access", a.Lifetimes.AccessTokenSeconds);
        p.Add("id", a.Lifetimes.IdTokenSeconds);
        p.Add("refresh", a.Lifetimes.RefreshTokenSeconds);
        p.Add("absolute", a.Lifetimes.RefreshTokenAbsoluteSeconds);
        p.Add("logo", a.Branding.LogoUri);
        p.Add("color", a.Branding.PrimaryColor);
        p.Add("now", Epoch.Ms(clock.GetUtcNow()));
        return p;
    }

    private sealed class Row
    {
        public string Pool { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Type { get; set; } = "";
        public string RedirectUris { get; set; } = "[]";
        public string PostLogoutRedirectUris { get; set; } = "[]";
        public string Grants { get; set; } = "[]";
        public string Connections { get; set; } = "[]";
        public string ApiScopes { get; set; } = "[]";
        public string Resources { get; set; } = "[]";
        public long AccessTokenSeconds { get; set; }
        public long IdTokenSeconds { get; set; }
        public long RefreshTokenSeconds { get; set; }
        public long? RefreshTokenAbsoluteSeconds { get; set; }
        public string SigningAlgorithm { get; set; } = "";
        public bool Enabled { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string? LogoUri { get; set; }
        public string? PrimaryColor { get; set; }

        public Application ToApplication() => new()
        {
            Pool = Pool, ClientId = ClientId, DisplayName = DisplayName, Type = Type,
            RedirectUris = StoredJson.ReadList(RedirectUris), PostLogoutRedirectUris = StoredJson.ReadList(PostLogoutRedirectUris),
            Grants = StoredJson.ReadList(Grants), Connections = StoredJson.ReadList(Connections),
            ApiScopes = StoredJson.ReadList(ApiScopes), Resources = StoredJson.ReadList(Resources),
            Lifetimes = new TokenLifetimes((int)AccessTokenSeconds, (int)IdTokenSeconds, (int)RefreshTokenSeconds, (int?)RefreshTokenAbsoluteSeconds),
            SigningAlgorithm = SigningAlgorithm, Branding = new Branding(LogoUri, PrimaryColor), Enabled = Enabled, CreatedAt = Epoch.At(CreatedAt), UpdatedAt = Epoch.At(UpdatedAt),
        };
    }
}
