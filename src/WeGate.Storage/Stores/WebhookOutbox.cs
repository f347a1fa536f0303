using Dapper;
using WeGate.Core.Audit;
using WeGate.Core.Webhooks;

namespace WeGate.Storage.Stores;

// The outbox of webhook messages (docs/operations.md#webhooks): written beside audit events (AuditLog),
// claimed and completed by the deliverer. A claim is a lease, so several nodes share the queue:
// PostgreSQL skips the rows another node is claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer.
public sealed class WebhookOutbox(Database db, TimeProvider clock) : IWebhookOutbox
{
    private const int MaxErrorLength = 500;

    // INSERT … SELECT of one message per (subscribed, enabled endpoint of the pool) × (event type), reading
    // the audit event's parameters (Id, Pool, UserId) and adding its own.
    internal static string FanOut(AuditEvent e, IReadOnlyList<string> types, DateTimeOffset at, DynamicParameters args)
    {
        var rows = new List<string>();
        for (var i = 0; i < types.Count; i++)
        {
            args.Add("type" + i, types[i]);
            args.Add("payload" + i, WebhookEvents.Payload(types[i], e, at));
            rows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT {i} AS seq, @type{i} AS type, @payload{i} AS payload"));
        }
        return $"""
            INSERT INTO webhook_messages (id, endpoint_id, event_id, seq, type, user_id, payload, state, attempts, next_attempt_at, created_at)
            SELECT 'msg_' || @Id || '_' || CAST(t.seq AS TEXT) || '_' || w.id, w.id, @Id, t.seq, t.type, @UserId, t.payload, '{WebhookMessageState.Pending}', 0, @at, @at
            FROM webhook_endpoints w CROSS JOIN ({string.Join(" UNION ALL ", rows)}) t
            WHERE w.pool = @Pool AND w.enabled AND (' ' || w.event_types || ' ') LIKE ('% ' || t.type || ' %')
            """;
    }

    public async Task<bool> AnyDueAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var now = Epoch.Ms(clock.GetUtcNow());
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT 1 FROM webhook_messages WHERE state = '{WebhookMessageState.Pending}' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) LIMIT 1",
            new { now }, cancellationToken: ct)) is not null;
    }

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int limit, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        var skipLocked = db.Provider == DatabaseProvider.Postgres ? "FOR UPDATE OF m SKIP LOCKED" : "";
        // A message waits while an earlier one of the same user at the same endpoint is pending (being
        // tried, or due again later): a user's events arrive in order, each after the previous one was
        // delivered or given up.
        var claimed = await db.WriteAsync(async (c, tx) => (await c.QueryAsync<(string Id, string EndpointId, string Payload, int Attempts)>(new CommandDefinition(
            $"""
            UPDATE webhook_messages SET lease_until = @lease
            WHERE id IN (
                SELECT m.id FROM webhook_messages m JOIN webhook_endpoints w ON w.id = m.endpoint_id
                WHERE m.state = '{WebhookMessageState.Pending}' AND m.next_attempt_at <= @now AND (m.lease_until IS NULL OR m.lease_until <= @now) AND w.enabled
                  AND (m.user_id IS NULL OR NOT EXISTS (
                      SELECT 1 FROM webhook_messages p
                      WHERE p.endpoint_id = m.endpoint_id AND p.user_id = m.user_id AND p.state = '{WebhookMessageState.Pending}'
                        AND (p.event_id < m.event_id OR (p.event_id = m.event_id AND p.seq < m.seq))))
                ORDER BY m.next_attempt_at, m.event_id, m.seq
                LIMIT @limit {skipLocked})
              AND (lease_until IS NULL OR lease_until <= @now)
            RETURNING id, endpoint_id, payload, attempts
            """, new { now, limit, lease = Epoch.Ms(leaseUntil) }, tx, cancellationToken: ct))).ToList(), ct);
        if (claimed.Count == 0)
            return [];
        // The lease's value finds the claimed rows' endpoints in one read (a list parameter is not portable).
        await using var read = await db.OpenReadAsync(ct);
        var endpoints = (await read.QueryAsync<(string MessageId, string Id, string Pool, string Url, byte[] Secret, byte[]? Previous)>(new CommandDefinition(
            """
            SELECT m.id, w.id, w.pool, w.url, w.secret, CASE WHEN w.previous_secret_until > @now THEN w.previous_secret END
            FROM webhook_messages m JOIN webhook_endpoints w ON w.id = m.endpoint_id WHERE m.lease_until = @lease
            """,
            new { now, lease = Epoch.Ms(leaseUntil) }, cancellationToken: ct))).ToDictionary(w => w.MessageId, StringComparer.Ordinal);
        // An endpoint deleted meanwhile took its messages with it.
        var messages = new List<ClaimedMessage>();
        foreach (var m in claimed)
        {
            if (endpoints.TryGetValue(m.Id, out var w))
                messages.Add(new ClaimedMessage(m.Id, w.Id, w.Pool, w.Url, w.Secret, w.Previous, m.Payload, m.Attempts));
        }
        return messages;
    }

    public async Task CompleteAsync(ClaimedMessage message, AttemptResult result, DateTimeOffset attemptedAt, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(result);
        var now = Epoch.Ms(clock.GetUtcNow());
        var state = result.Succeeded ? WebhookMessageState.Delivered : retryAt is null ? WebhookMessageState.Failed : WebhookMessageState.Pending;
        var error = result.Succeeded ? null : Clip(result.Error ?? $"answered HTTP {result.StatusCode}");
        await db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO webhook_attempts (message_id, attempt, attempted_at, status_code, duration_ms, error, response)
                SELECT @id, COALESCE(MAX(attempt), 0) + 1, @attemptedAt, @status, @duration, @error, @response FROM webhook_attempts WHERE message_id = @id
                """,
                new
                {
                    id = message.Id, attemptedAt = Epoch.Ms(attemptedAt), status = result.StatusCode, duration = (int)result.Duration.TotalMilliseconds,
                    error, response = result.Response,
                }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE webhook_messages SET attempts = attempts + 1, lease_until = NULL, state = @state,
                    next_attempt_at = COALESCE(@retry, next_attempt_at), ended_at = @ended
                WHERE id = @id
                """,
                new { id = message.Id, state, retry = retryAt is { } r ? Epoch.Ms(r) : (long?)null, ended = state == WebhookMessageState.Pending ? (long?)null : now },
                tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                result.Succeeded
                    ? "UPDATE webhook_endpoints SET failing_since = NULL, last_error = NULL WHERE id = @endpoint"
                    : "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, @now), last_error = @error WHERE id = @endpoint",
                new { endpoint = message.WebhookId, now, error }, tx, cancellationToken: ct));
        }, ct);
    }

    public async Task ReleaseAsync(IReadOnlyList<string> messageIds, CancellationToken ct = default)
    {
        foreach (var id in messageIds)
            await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
                $"UPDATE webhook_messages SET lease_until = NULL WHERE id = @id AND state = '{WebhookMessageState.Pending}'", new { id }, tx, cancellationToken: ct)), ct);
    }

    // Delivered and given-up messages (with their attempts) that ended before `before` (Housekeeping).
    public Task<long> DeleteEndedAsync(DateTimeOffset before, CancellationToken ct = default) =>
        ExpiredRows.UntilFewerAsync(db, "DELETE FROM webhook_messages WHERE id IN (SELECT id FROM webhook_messages WHERE ended_at < @before LIMIT @batch)",
            new { before = Epoch.Ms(before), batch = ExpiredRows.DefaultBatchSize }, ExpiredRows.DefaultBatchSize, ct);

    private static string? Clip(string? s) => s is { Length: > MaxErrorLength } ? s[..MaxErrorLength] : s;
}
