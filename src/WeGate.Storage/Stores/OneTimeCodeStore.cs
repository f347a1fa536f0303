using Dapper;
using WeGate.Core.OneTimeCodes;
using WeGate.Core.Secrets;

namespace WeGate.Storage.Stores;

// The codes of OneTimeCodeService (migration 0005) and the wrong codes per recipient (0011). Attempts,
// failures and use are each one conditional statement, so racing verifications can neither exceed a
// limit nor use a code twice.
public sealed class OneTimeCodeStore(Database db) : IOneTimeCodeStore
{
    private const string Columns = "id, pool, channel, recipient, purpose, code_hash, attempts, expires_at, used_at, created_at, ip";

    public async Task CreateAsync(IssuedCode code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO one_time_codes ({Columns})
            VALUES (@Id, @Pool, @channel, @Recipient, @Purpose, @CodeHash, @Attempts, @expires, @used, @created, @Ip)
            """,
            new
            {
                code.Id, code.Pool, channel = CodeRecipients.Name(code.Channel), code.Recipient, code.Purpose, code.CodeHash, code.Attempts,
                expires = Epoch.Ms(code.ExpiresAt), used = code.UsedAt is { } u ? Epoch.Ms(u) : (long?)null, created = Epoch.Ms(code.CreatedAt), code.Ip,
            },
            tx, cancellationToken: ct)), ct);
    }

    public async Task DeleteAsync(string id, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("DELETE FROM one_time_codes WHERE id = @id", new { id }, tx, cancellationToken: ct)), ct);
    }

    public async Task<IssuedCode?> FindLatestAsync(string pool, CodeChannel channel, string recipient, string purpose, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM one_time_codes
            WHERE channel = @channel AND recipient = @recipient AND pool = @pool AND purpose = @purpose
            ORDER BY created_at DESC, id DESC LIMIT 1
            """,
            new { pool, channel = CodeRecipients.Name(channel), recipient, purpose }, cancellationToken: ct));
        return row?.ToCode();
    }

    public async Task<IReadOnlyList<DateTimeOffset>> SentToSinceAsync(CodeChannel channel, string recipient, DateTimeOffset since, string exceptId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var times = await c.QueryAsync<long>(new CommandDefinition(
            "SELECT created_at FROM one_time_codes WHERE channel = @channel AND recipient = @recipient AND created_at > @since AND id <> @exceptId ORDER BY created_at",
            new { channel = CodeRecipients.Name(channel), recipient, since = Epoch.Ms(since), exceptId }, cancellationToken: ct));
        return [.. times.Select(Epoch.At)];
    }

    public async Task<IReadOnlyList<DateTimeOffset>> SentFromIpSinceAsync(string ip, DateTimeOffset since, string exceptId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var times = await c.QueryAsync<long>(new CommandDefinition(
            "SELECT created_at FROM one_time_codes WHERE ip = @ip AND created_at > @since AND id <> @exceptId ORDER BY created_at",
            new { ip, since = Epoch.Ms(since), exceptId }, cancellationToken: ct));
        return [.. times.Select(Epoch.At)];
    }

    public async Task<IssuedCode?> CountAttemptAsync(string id, int maxAttempts, DateTimeOffset now, CancellationToken ct = default)
    {
        var row = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE one_time_codes SET attempts = attempts + 1
            WHERE id = @id AND used_at IS NULL AND expires_at > @now AND attempts < @maxAttempts
            RETURNING {Columns}
            """,
            new { id, maxAttempts, now = Epoch.Ms(now) }, tx, cancellationToken: ct)), ct);
        return row?.ToCode();
    }

    public async Task<bool> MarkUsedAsync(string id, DateTimeOffset now, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE one_time_codes SET used_at = @now WHERE id = @id AND used_at IS NULL AND expires_at > @now",
            new { id, now = Epoch.Ms(now) }, tx, cancellationToken: ct)), ct) == 1;
    }

    public async Task<DateTimeOffset?> LockedUntilAsync(CodeChannel channel, string recipient, int maxFailures, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return Epoch.At(await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT expires_at FROM one_time_code_failures WHERE recipient_key = @key AND expires_at > @now AND failures >= @maxFailures",
            new { key = FailureKey(channel, recipient), now = Epoch.Ms(now), maxFailures }, cancellationToken: ct)));
    }

    public async Task<bool> CountFailureAsync(CodeChannel channel, string recipient, int maxFailures, TimeSpan window, DateTimeOffset now, CancellationToken ct = default)
    {
        // A window that has passed starts again from this failure; a full one is left as it is and
        // the statement returns no row.
        var counted = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO one_time_code_failures (recipient_key, failures, expires_at) VALUES (@key, 1, @expires)
            ON CONFLICT (recipient_key) DO UPDATE SET
                failures = CASE WHEN one_time_code_failures.expires_at <= @now THEN 1 ELSE one_time_code_failures.failures + 1 END,
                expires_at = CASE WHEN one_time_code_failures.expires_at <= @now THEN @expires ELSE one_time_code_failures.expires_at END
            WHERE one_time_code_failures.expires_at <= @now OR one_time_code_failures.failures < @maxFailures
            RETURNING failures
            """,
            new { key = FailureKey(channel, recipient), now = Epoch.Ms(now), expires = Epoch.Ms(now + window), maxFailures }, tx, cancellationToken: ct)), ct);
        return counted is not null;
    }

    public async Task ClearFailuresAsync(CodeChannel channel, string recipient, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("DELETE FROM one_time_code_failures WHERE recipient_key = @key",
            new { key = FailureKey(channel, recipient) }, tx, cancellationToken: ct)), ct);
    }

    // The recipient itself is not stored with its failures.
    private static string FailureKey(CodeChannel channel, string recipient) => SecretHash.Hash(CodeRecipients.Name(channel) + "\n" + recipient);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Recipient { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string CodeHash { get; set; } = "";
        public long Attempts { get; set; }
        public long ExpiresAt { get; set; }
        public long? UsedAt { get; set; }
        public long CreatedAt { get; set; }
        public string? Ip { get; set; }

        public IssuedCode ToCode() => new(Id, Pool, CodeRecipients.Parse(Channel), Recipient, Purpose, CodeHash, (int)Attempts,
            Epoch.At(ExpiresAt), Epoch.At(UsedAt), Epoch.At(CreatedAt), Ip);
    }
}
