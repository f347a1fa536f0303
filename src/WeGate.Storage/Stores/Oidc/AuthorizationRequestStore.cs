using Dapper;
using WeGate.Core.Authorization;

namespace WeGate.Storage.Stores.Oidc;

// A validated authorization request parked while the person signs in on the hosted login page.
public sealed class AuthorizationRequestStore(Database db, TimeProvider clock) : IAuthorizationRequestStore
{
    public async Task SaveAsync(string id, string pool, string clientId, string parametersJson, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO authorization_requests (id, pool, client_id, parameters, created_at, expires_at) VALUES (@id, @pool, @clientId, @parametersJson, @now, @expires)",
            new { id, pool, clientId, parametersJson, now = Epoch.Ms(clock.GetUtcNow()), expires = Epoch.Ms(expiresAt) }, tx, cancellationToken: ct)), ct);
    }

    // The parameters and when they expire, or null when unknown, of another pool, or expired.
    public async Task<ParkedParameters?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT parameters, expires_at FROM authorization_requests WHERE id = @id AND pool = @pool AND expires_at > @now",
            new { id, pool, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct));
        return row is null ? null : new ParkedParameters(row.Parameters, Epoch.At(row.ExpiresAt));
    }

    public async Task<string?> TakeAsync(string pool, string id, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "DELETE FROM authorization_requests WHERE id = @id AND pool = @pool AND expires_at > @now RETURNING parameters",
            new { id, pool, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    private sealed class Row
    {
        public string Parameters { get; set; } = "";
        public long ExpiresAt { get; set; }
    }

    public async Task DeleteAsync(string id, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("DELETE FROM authorization_requests WHERE id = @id", new { id }, tx, cancellationToken: ct)), ct);
    }
}
