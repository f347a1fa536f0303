using Dapper;
using WeGate.Core.Connections;
using WeGate.Core.Secrets;

namespace WeGate.Storage.Stores;

// WeChat access tokens by AppID, encrypted at rest. RemoveAsync compares the token the caller saw and
// deletes by the version it read, so a token stored in between survives.
public sealed class WeChatTokenStore(Database db, SecretProtector protector, TimeProvider clock) : IWeChatTokenStore
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)?> GetAsync(string appId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT token, expires_at, version FROM wechat_access_tokens WHERE app_id = @appId", new { appId }, cancellationToken: ct));
        return row is null ? null : (protector.Unprotect(row.Token, Purpose(appId)), Epoch.At(row.ExpiresAt));
    }

    public Task SetAsync(string appId, string token, DateTimeOffset expiresAt, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO wechat_access_tokens (app_id, token, expires_at, version, updated_at) VALUES (@appId, @blob, @expires, 1, @now)
            ON CONFLICT (app_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
                version = wechat_access_tokens.version + 1, updated_at = excluded.updated_at
            """,
            new { appId, blob = protector.Protect(token, Purpose(appId)), expires = Epoch.Ms(expiresAt), now = Epoch.Ms(clock.GetUtcNow()) },
            tx, cancellationToken: ct)), ct);

    public async Task<bool> RemoveAsync(string appId, string token, CancellationToken ct = default)
    {
        Row? row;
        await using (var c = await db.OpenReadAsync(ct))
        {
            row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                "SELECT token, expires_at, version FROM wechat_access_tokens WHERE app_id = @appId", new { appId }, cancellationToken: ct));
        }
        if (row is null || protector.Unprotect(row.Token, Purpose(appId)) != token)
            return false;
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM wechat_access_tokens WHERE app_id = @appId AND version = @Version", new { appId, row.Version }, tx, cancellationToken: ct)), ct) == 1;
    }

    private static string Purpose(string appId) => "wechat-access-token:" + appId;

    private sealed class Row
    {
        public byte[] Token { get; set; } = [];
        public long ExpiresAt { get; set; }
        public long Version { get; set; }
    }
}
