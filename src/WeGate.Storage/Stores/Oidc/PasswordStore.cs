using Dapper;
using WeGate.Core.Users;

namespace WeGate.Storage.Stores.Oidc;

public sealed class PasswordStore(Database db, TimeProvider clock) : IPasswordStore
{
    public async Task SetAsync(string userId, string hash, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO passwords (user_id, hash, failed_attempts, updated_at) VALUES (@userId, @hash, 0, @now)
            ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
            """, new { userId, hash, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
    }

    public async Task<StoredPassword?> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var hash = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT hash FROM passwords WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return hash is null ? null : new StoredPassword(hash);
    }
}
