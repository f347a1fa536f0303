using Dapper;
using WeGate.Core.Audit;
using WeGate.Core.Webhooks;

namespace WeGate.Storage.Stores;

// An audit event that webhooks report (WebhookEvents.Of) is written together with one outbox message
// per subscribed endpoint of its pool, in one transaction: a message exists exactly when its event does
// (docs/operations.md#webhooks).
public sealed class AuditLog(Database db, TimeProvider clock) : IAuditLog
{
    private const int MaxTextLength = 512;

    private const string Insert = """
        INSERT INTO audit_events (id, pool, type, user_id, connection_slug, client_id, actor, ip, user_agent, outcome, reason, occurred_at)
        VALUES (@Id, @Pool, @Type, @UserId, @ConnectionSlug, @ClientId, @Actor, @Ip, @userAgent, @Outcome, @reason, @at)
        """;

    public async Task WriteAsync(AuditEvent e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var at = e.OccurredAt == default ? clock.GetUtcNow() : e.OccurredAt;
        e = e with { Id = SortableId.New(at), UserAgent = Clip(e.UserAgent), Reason = Clip(e.Reason), OccurredAt = at };
        var args = new DynamicParameters(new { e.Id, e.Pool, e.Type, e.UserId, e.ConnectionSlug, e.ClientId, e.Actor, e.Ip, userAgent = e.UserAgent, e.Outcome, reason = e.Reason, at = Epoch.Ms(at) });
        var types = WebhookEvents.Of(e.Type);
        if (types.Count == 0)
        {
            await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(Insert, args, tx, cancellationToken: ct)), ct);
            return;
        }
        var fanOut = WebhookOutbox.FanOut(e, types, at, args);
        // PostgreSQL: one statement (a data-modifying WITH runs whole or not at all); SQLite: both statements
        // in the writer's savepoint.
        if (db.Provider == DatabaseProvider.Postgres)
            await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition($"WITH audit AS ({Insert})\n{fanOut}", args, tx, cancellationToken: ct)), ct);
        else
            await db.TransactAsync(async (c, tx) =>
            {
                await c.ExecuteAsync(new CommandDefinition(Insert, args, tx, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(fanOut, args, tx, cancellationToken: ct));
            }, ct);
    }

    // The newest events, as the audit search reads them (AuditSearch).
    public Task<IReadOnlyList<AuditEvent>> ListAsync(string pool, int limit, string? userId = null, CancellationToken ct = default) =>
        new AuditSearch(db).SearchAsync(pool, new AuditFilter { UserId = userId, Limit = limit }, ct);

    private static string? Clip(string? s) => s is { Length: > MaxTextLength } ? s[..MaxTextLength] : s;
}
