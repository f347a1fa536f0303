using Dapper;
using WeGate.Core.Connections;

namespace WeGate.Storage.Stores;

// Remembers which body a signed (timestamp, nonce) of an official-account push came with, across every
// node sharing the database. Housekeeping deletes the rows once they expire.
public sealed class CallbackNonceStore(Database db) : ICallbackNonceStore
{
    public async Task<bool> AcceptAsync(string key, string bodyHash, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        var inserted = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO callback_nonces (id, body_hash, expires_at) VALUES (@key, @bodyHash, @expires) ON CONFLICT (id) DO NOTHING",
            new { key, bodyHash, expires = Epoch.Ms(expiresAt) }, tx, cancellationToken: ct)), ct);
        if (inserted == 1)
            return true;
        await using var c = await db.OpenReadAsync(ct);
        var stored = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT body_hash FROM callback_nonces WHERE id = @key", new { key }, cancellationToken: ct));
        return stored == bodyHash;
    }
}
