using Dapper;

namespace WeGate.Storage.Stores;

// Remembered account selections: (unionid, appid:openid) → the user the person chose.
public sealed class AccountChoiceStore(Database db, TimeProvider clock) : WeGate.Core.Accounts.IAccountChoiceStore
{
    public Task RememberAsync(string pool, string unionId, string openIdIdentifier, string userId, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO account_choices (pool, unionid, openid, chosen_user_id, created_at) VALUES (@pool, @unionId, @openIdIdentifier, @userId, @now)
            ON CONFLICT (pool, unionid, openid) DO UPDATE SET chosen_user_id = excluded.chosen_user_id, created_at = excluded.created_at
            """, new { pool, unionId, openIdIdentifier, userId, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    public async Task<string?> FindAsync(string pool, string unionId, string openIdIdentifier, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT chosen_user_id FROM account_choices WHERE pool = @pool AND unionid = @unionId AND openid = @openIdIdentifier",
            new { pool, unionId, openIdIdentifier }, cancellationToken: ct));
    }
}
