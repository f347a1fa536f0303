using Dapper;
using WeGate.Core.Webhooks;

namespace WeGate.Storage.Stores;

// A pool's webhook endpoints and what was sent to them (docs/admin-api.md#webhooks).
public sealed class WebhookStore(Database db, TimeProvider clock) : IWebhookStore
{
    private const string Columns = "id, pool, url, description, event_types, enabled, failing_since, last_error, created_at, updated_at";
    private const string MessageColumns = "id, endpoint_id, type, user_id, state, attempts, next_attempt_at, created_at, ended_at";

    public async Task CreateAsync(WebhookEndpoint endpoint, byte[] protectedSecret, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_endpoints (id, pool, url, description, event_types, enabled, secret, created_at, updated_at)
            VALUES (@Id, @Pool, @Url, @Description, @types, @Enabled, @secret, @now, @now)
            """,
            new { endpoint.Id, endpoint.Pool, endpoint.Url, endpoint.Description, types = Types(endpoint), endpoint.Enabled, secret = protectedSecret, now },
            tx, cancellationToken: ct)), ct);
    }

    public async Task<WebhookEndpoint?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints WHERE pool = @pool AND id = @id", new { pool, id }, cancellationToken: ct)))?.ToEndpoint();
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string pool, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints WHERE pool = @pool ORDER BY created_at, id", new { pool }, cancellationToken: ct))).Select(r => r.ToEndpoint()).ToList();
    }

    public async Task<bool> UpdateAsync(WebhookEndpoint endpoint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_endpoints SET url = @Url, description = @Description, event_types = @types, enabled = @Enabled, updated_at = @now
            WHERE pool = @Pool AND id = @Id
            """,
            new { endpoint.Id, endpoint.Pool, endpoint.Url, endpoint.Description, types = Types(endpoint), endpoint.Enabled, now = Epoch.Ms(clock.GetUtcNow()) },
            tx, cancellationToken: ct)), ct) == 1;
    }

    public async Task<bool> SetSecretAsync(string pool, string id, byte[] protectedSecret, DateTimeOffset previousUntil, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = @until, secret = @protectedSecret, updated_at = @now
            WHERE pool = @pool AND id = @id
            """,
            new { pool, id, protectedSecret, until = Epoch.Ms(previousUntil), now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;

    // Its messages and their attempts go with it (ON DELETE CASCADE).
    public async Task<bool> DeleteAsync(string pool, string id, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_endpoints WHERE pool = @pool AND id = @id", new { pool, id }, tx, cancellationToken: ct)), ct) == 1;

    public async Task<IReadOnlyList<WebhookMessage>> ListMessagesAsync(string pool, string id, string? state, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        return (await c.QueryAsync<MessageRow>(new CommandDefinition(
            $"""
            SELECT {MessageColumns} FROM webhook_messages
            WHERE endpoint_id = (SELECT id FROM webhook_endpoints WHERE pool = @pool AND id = @id) AND (@state IS NULL OR state = @state)
            ORDER BY event_id DESC, seq DESC LIMIT @limit
            """, new { pool, id, state, limit }, cancellationToken: ct))).Select(r => r.ToMessage()).ToList();
    }

    public async Task<(WebhookMessage Message, string Payload, IReadOnlyList<WebhookAttempt> Attempts)?> GetMessageAsync(string pool, string id, string messageId,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            $"SELECT {MessageColumns}, payload FROM webhook_messages WHERE id = @messageId AND endpoint_id = (SELECT id FROM webhook_endpoints WHERE pool = @pool AND id = @id)",
            new { pool, id, messageId }, cancellationToken: ct));
        if (row is null)
            return null;
        var attempts = (await c.QueryAsync<AttemptRow>(new CommandDefinition(
            "SELECT attempt, attempted_at, status_code, duration_ms, error, response FROM webhook_attempts WHERE message_id = @messageId ORDER BY attempt",
            new { messageId }, cancellationToken: ct))).Select(a => a.ToAttempt()).ToList();
        return (row.ToMessage(), row.Payload, attempts);
    }

    public async Task<bool> RedeliverAsync(string pool, string id, string messageId, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE webhook_messages SET state = '{WebhookMessageState.Pending}', attempts = 0, next_attempt_at = @now, lease_until = NULL, ended_at = NULL
            WHERE id = @messageId AND state <> '{WebhookMessageState.Pending}' AND endpoint_id = (SELECT id FROM webhook_endpoints WHERE pool = @pool AND id = @id)
            """, new { pool, id, messageId, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;

    public async Task<WebhookMessage?> EnqueueTestAsync(string pool, string id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var eventId = SortableId.New(now);
        var messageId = $"msg_{eventId}_0_{id}";
        var n = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO webhook_messages (id, endpoint_id, event_id, seq, type, user_id, payload, state, attempts, next_attempt_at, created_at)
            SELECT @messageId, id, @eventId, 0, @type, NULL, @payload, '{WebhookMessageState.Pending}', 0, @at, @at FROM webhook_endpoints WHERE pool = @pool AND id = @id
            """,
            new { messageId, eventId, type = WebhookEvents.Test, payload = WebhookEvents.TestPayload(pool, id, now), at = Epoch.Ms(now), pool, id },
            tx, cancellationToken: ct)), ct);
        return n == 0 ? null : new WebhookMessage
        {
            Id = messageId, WebhookId = id, Type = WebhookEvents.Test, State = WebhookMessageState.Pending, NextAttemptAt = now, CreatedAt = now,
        };
    }

    private static string Types(WebhookEndpoint endpoint) => string.Join(' ', endpoint.EventTypes.Distinct(StringComparer.Ordinal));

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string Url { get; set; } = "";
        public string Description { get; set; } = "";
        public string EventTypes { get; set; } = "";
        public bool Enabled { get; set; }
        public long? FailingSince { get; set; }
        public string? LastError { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public WebhookEndpoint ToEndpoint() => new()
        {
            Id = Id, Pool = Pool, Url = Url, Description = Description, EventTypes = EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Enabled = Enabled, FailingSince = Epoch.At(FailingSince), LastError = LastError, CreatedAt = Epoch.At(CreatedAt), UpdatedAt = Epoch.At(UpdatedAt),
        };
    }

    private sealed class MessageRow
    {
        public string Id { get; set; } = "";
        public string EndpointId { get; set; } = "";
        public string Type { get; set; } = "";
        public string? UserId { get; set; }
        public string State { get; set; } = "";
        public int Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public long CreatedAt { get; set; }
        public long? EndedAt { get; set; }
        public string Payload { get; set; } = "";

        public WebhookMessage ToMessage() => new()
        {
            Id = Id, WebhookId = EndpointId, Type = Type, UserId = UserId, State = State, Attempts = Attempts,
            NextAttemptAt = State == WebhookMessageState.Pending ? Epoch.At(NextAttemptAt) : null, CreatedAt = Epoch.At(CreatedAt), EndedAt = Epoch.At(EndedAt),
        };
    }

    private sealed class AttemptRow
    {
        public int Attempt { get; set; }
        public long AttemptedAt { get; set; }
        public int? StatusCode { get; set; }
        public int DurationMs { get; set; }
        public string? Error { get; set; }
        public string? Response { get; set; }

        public WebhookAttempt ToAttempt() => new()
        {
            Attempt = Attempt, AttemptedAt = Epoch.At(AttemptedAt), StatusCode = StatusCode, DurationMs = DurationMs, Error = Error, Response = Response,
        };
    }
}
