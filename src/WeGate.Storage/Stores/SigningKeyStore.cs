using System.Data.Common;
using Dapper;
using WeGate.Core.Keys;
using WeGate.Core.Secrets;

namespace WeGate.Storage.Stores;

// Signing keys per pool and algorithm, private keys encrypted at rest. The table has no unique rule
// for "one active key per pool and algorithm", so every state change runs in one transaction holding
// the pool's key lock: BEGIN IMMEDIATE on SQLite, a row lock on the pool on PostgreSQL. Two nodes
// creating or rotating at once therefore take turns, and the second sees what the first wrote.
public sealed class SigningKeyStore(Database db, SecretProtector protector, TimeProvider clock) : ISigningKeyStore
{
    private const string Columns = "kid, pool, algorithm, public_jwk, state, created_at, activated_at, retired_at, remove_after";

    public async Task<IReadOnlyList<SigningKeyRecord>> ListPublishedAsync(string pool, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns}, CASE WHEN state = 'active' THEN private_key END AS private_key FROM signing_keys
            WHERE pool = @pool ORDER BY algorithm, created_at, kid
            """,
            new { pool }, cancellationToken: ct));
        return rows.Select(ToRecord).Where(k => k.IsPublishedAt(now)).ToList();
    }

    public async Task<bool> CreateMissingAsync(string pool, IReadOnlyList<NewSigningKeyPair> candidates, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return await db.TransactAsync(async (c, tx) =>
        {
            await LockPoolAsync(c, tx, pool, ct);
            var present = (await c.QueryAsync<(string Algorithm, string State)>(new CommandDefinition(
                "SELECT algorithm, state FROM signing_keys WHERE pool = @pool AND state IN ('active', 'next')",
                new { pool }, tx, cancellationToken: ct))).ToHashSet();
            var now = clock.GetUtcNow();
            var inserted = false;
            foreach (var pair in candidates)
            {
                foreach (var (key, state) in new[] { (pair.Active, SigningKeyState.Active), (pair.Next, SigningKeyState.Next) })
                {
                    if (present.Add((key.Algorithm, state)))
                    {
                        await InsertAsync(c, tx, pool, key, state, now, ct);
                        inserted = true;
                    }
                }
            }
            return inserted;
        }, ct);
    }

    public async Task<string> RotateAsync(string pool, NewSigningKey successor, TimeSpan retention, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(successor);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        return await db.TransactAsync(async (c, tx) =>
        {
            await LockPoolAsync(c, tx, pool, ct);
            var args = new { pool, alg = successor.Algorithm, now = Epoch.Ms(now), removeAfter = Epoch.Ms(now + retention) };
            var next = await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                "SELECT kid FROM signing_keys WHERE pool = @pool AND algorithm = @alg AND state = 'next' ORDER BY created_at LIMIT 1",
                args, tx, cancellationToken: ct))
                ?? throw new InvalidOperationException($"Pool '{pool}' has no published {successor.Algorithm} key to activate; create the keys first");
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM signing_keys WHERE pool = @pool AND state = 'retired' AND remove_after <= @now", args, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE signing_keys SET state = 'retired', retired_at = @now, remove_after = @removeAfter WHERE pool = @pool AND algorithm = @alg AND state = 'active'",
                args, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE signing_keys SET state = 'active', activated_at = @now WHERE kid = @next",
                new { next, now = args.now }, tx, cancellationToken: ct));
            await InsertAsync(c, tx, pool, successor, SigningKeyState.Next, now, ct);
            return next;
        }, ct);
    }

    private async Task LockPoolAsync(DbConnection c, DbTransaction tx, string pool, CancellationToken ct)
    {
        // SQLite's BEGIN IMMEDIATE already holds the database's write lock. On PostgreSQL, FOR NO KEY
        // UPDATE serialises key changes per pool without blocking inserts that reference the pool.
        var sql = db.Provider == DatabaseProvider.Postgres
            ? "SELECT name FROM pools WHERE name = @pool FOR NO KEY UPDATE"
            : "SELECT name FROM pools WHERE name = @pool";
        if (await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql, new { pool }, tx, cancellationToken: ct)) is null)
            throw new InvalidOperationException($"Pool '{pool}' does not exist");
    }

    private Task<int> InsertAsync(DbConnection c, DbTransaction tx, string pool, NewSigningKey key, string state, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO signing_keys (kid, pool, algorithm, private_key, public_jwk, state, created_at, activated_at)
            VALUES (@Kid, @pool, @Algorithm, @blob, @PublicJwk, @state, @now, @activatedAt)
            """,
            new
            {
                key.Kid, pool, key.Algorithm, key.PublicJwk, state,
                blob = protector.Protect(Convert.ToBase64String(key.PrivateKeyPkcs8), Purpose(pool, key.Kid)),
                now = Epoch.Ms(now),
                activatedAt = state == SigningKeyState.Active ? Epoch.Ms(now) : (long?)null,
            },
            tx, cancellationToken: ct));

    private SigningKeyRecord ToRecord(Row r) => new(
        r.Kid, r.Pool, r.Algorithm, r.State, r.PublicJwk,
        r.PrivateKey is null ? null : Convert.FromBase64String(protector.Unprotect(r.PrivateKey, Purpose(r.Pool, r.Kid))),
        Epoch.At(r.CreatedAt), Epoch.At(r.ActivatedAt), Epoch.At(r.RetiredAt), Epoch.At(r.RemoveAfter));

    // Binds the blob to its row: a private key copied to another kid or pool does not decrypt.
    public static string Purpose(string pool, string kid) => $"signing-key:{pool}:{kid}";

    private sealed class Row
    {
        public string Kid { get; set; } = "";
        public string Pool { get; set; } = "";
        public string Algorithm { get; set; } = "";
        public string PublicJwk { get; set; } = "";
        public string State { get; set; } = "";
        public byte[]? PrivateKey { get; set; }
        public long CreatedAt { get; set; }
        public long? ActivatedAt { get; set; }
        public long? RetiredAt { get; set; }
        public long? RemoveAfter { get; set; }
    }
}
