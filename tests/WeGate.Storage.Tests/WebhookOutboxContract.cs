using Dapper;
using WeGate.Core.Audit;
using WeGate.Core.Secrets;
using WeGate.Core.Webhooks;
using WeGate.Storage.Stores;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// The webhook outbox (docs/operations.md#webhooks): messages are written in the audit event's transaction,
// claimed once however many nodes claim at the same time, and a user's messages one at a time in order.
// A fresh database per test, since a claim reads the whole outbox.
public abstract class WebhookOutboxContract<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    private static readonly SecretProtector Protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly TDatabase _fixture = new();
    private const string Pool = "hooks";

    private Database Db => _fixture.Database;

    private static TimeProvider Clock => TimeProvider.System;

    public async ValueTask InitializeAsync()
    {
        await _fixture.InitializeAsync();
        if (_fixture.Unavailable is null)
            await new PoolStore(Db, Clock).CreateAsync(Pool, "Hooks");
    }

    public async ValueTask DisposeAsync()
    {
        await _fixture.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<string> SubscribeAsync(params string[] types)
    {
        var id = WebhookSecrets.NewEndpointId();
        await new WebhookStore(Db, Clock).CreateAsync(new WebhookEndpoint { Id = id, Pool = Pool, Url = "https://hooks.example.com/", EventTypes = types },
            Protector.Protect(WebhookSignature.NewSecret(), WebhookSecrets.Purpose(Pool, id)));
        return id;
    }

    private Task AuditAsync(string type, string userId) =>
        new AuditLog(Db, Clock).WriteAsync(new AuditEvent { Pool = Pool, Type = type, UserId = userId, Outcome = AuditOutcome.Success });

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private WebhookOutbox Outbox => new(Db, Clock);

    private Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int limit = 100) => Outbox.ClaimAsync(limit, Clock.GetUtcNow().AddMinutes(1));

    private static readonly AttemptResult Ok = new(204, TimeSpan.FromMilliseconds(5), null, "");

    private static string TypeOf(ClaimedMessage m) => System.Text.Json.JsonDocument.Parse(m.Payload).RootElement.GetProperty("type").GetString()!;

    [Fact]
    public async Task A_first_wechat_login_sends_created_then_signed_in_to_the_endpoints_subscribed_to_them_and_nothing_to_the_others()
    {
        var both = await SubscribeAsync(WebhookEvents.UserCreated, WebhookEvents.UserSignedIn);
        var signIns = await SubscribeAsync(WebhookEvents.UserSignedIn);
        await SubscribeAsync(WebhookEvents.UserBlocked);

        await AuditAsync(AuditEventType.LoginCreated, "u1");
        await AuditAsync(AuditEventType.AdminPoolUpdated, "u1");

        var first = await ClaimAsync();
        Assert.Equal(new[] { (both, "user.created"), (signIns, "user.signed_in") }.Order(), first.Select(m => (m.WebhookId, TypeOf(m))).Order());
        foreach (var m in first)
            await Outbox.CompleteAsync(m, Ok, Clock.GetUtcNow(), null);
        Assert.Equal("user.signed_in", TypeOf(Assert.Single(await ClaimAsync())));
    }

    [Fact]
    public async Task A_users_next_message_is_claimed_only_once_the_previous_one_is_delivered_or_given_up()
    {
        await SubscribeAsync(WebhookEvents.UserBlocked, WebhookEvents.UserUnblocked);
        await AuditAsync(AuditEventType.AdminUserBlocked, "u1");
        await AuditAsync(AuditEventType.AdminUserUnblocked, "u1");
        await AuditAsync(AuditEventType.AdminUserBlocked, "u1");
        await AuditAsync(AuditEventType.AdminUserBlocked, "u2");

        var first = await ClaimAsync();
        Assert.Equal(2, first.Count);
        var u1 = first.Single(m => m.Payload.Contains("\"u1\"", StringComparison.Ordinal));
        Assert.Equal("user.blocked", TypeOf(u1));
        // Failed, due again in an hour: u1's next message still waits.
        await Outbox.CompleteAsync(u1, new AttemptResult(500, TimeSpan.Zero, null, ""), Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(1));
        Assert.Empty(await ClaimAsync());
        // Given up: the next one goes.
        await Outbox.ReleaseAsync([u1.Id]);
        await using (var c = await Db.OpenAsync())
            await c.ExecuteAsync("UPDATE webhook_messages SET next_attempt_at = 0 WHERE id = @Id", new { u1.Id });
        var retried = Assert.Single(await ClaimAsync());
        Assert.Equal(u1.Id, retried.Id);
        await Outbox.CompleteAsync(retried, new AttemptResult(null, TimeSpan.Zero, "refused", null), Clock.GetUtcNow(), null);
        var second = Assert.Single(await ClaimAsync());
        Assert.Equal("user.unblocked", TypeOf(second));
        await Outbox.CompleteAsync(second, Ok, Clock.GetUtcNow(), null);
        Assert.Equal("user.blocked", TypeOf(Assert.Single(await ClaimAsync())));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM webhook_messages WHERE state = 'failed'"));
    }

    [Fact]
    public async Task Nodes_claiming_at_the_same_time_never_get_the_same_message()
    {
        await SubscribeAsync(WebhookEvents.UserBlocked);
        for (var i = 0; i < 60; i++)
            await AuditAsync(AuditEventType.AdminUserBlocked, "u" + i);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ClaimAsync(limit: 15))));

        var ids = claims.SelectMany(c => c).Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(60, ids.Count);
        Assert.Empty(await ClaimAsync());
    }

    [Fact]
    public async Task When_the_outbox_insert_fails_the_audit_event_is_not_recorded_either()
    {
        await SubscribeAsync(WebhookEvents.UserBlocked);
        await using (var c = await Db.OpenAsync())
            await c.ExecuteAsync(_fixture.Provider == DatabaseProvider.Postgres
                ? """
                  CREATE FUNCTION refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$;
                  CREATE TRIGGER refuse_message BEFORE INSERT ON webhook_messages FOR EACH ROW WHEN (NEW.user_id = 'doomed') EXECUTE FUNCTION refuse_message();
                  """
                : "CREATE TRIGGER refuse_message BEFORE INSERT ON webhook_messages WHEN NEW.user_id = 'doomed' BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;");

        await Assert.ThrowsAnyAsync<Exception>(() => AuditAsync(AuditEventType.AdminUserBlocked, "doomed"));
        await AuditAsync(AuditEventType.AdminUserBlocked, "spared");

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM audit_events WHERE user_id = 'doomed'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM audit_events WHERE user_id = 'spared'"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM webhook_messages"));
    }

    [Fact]
    public async Task Housekeeping_deletes_ended_messages_with_their_attempts_and_keeps_pending_ones()
    {
        await SubscribeAsync(WebhookEvents.UserBlocked);
        await AuditAsync(AuditEventType.AdminUserBlocked, "u1");
        await AuditAsync(AuditEventType.AdminUserBlocked, "u2");
        var claimed = await ClaimAsync();
        await Outbox.CompleteAsync(claimed[0], Ok, Clock.GetUtcNow(), null);
        await Outbox.CompleteAsync(claimed[1], new AttemptResult(500, TimeSpan.Zero, null, ""), Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(1));

        Assert.Equal(0, await Outbox.DeleteEndedAsync(Clock.GetUtcNow().AddMinutes(-1)));
        Assert.Equal(1, await Outbox.DeleteEndedAsync(Clock.GetUtcNow().AddMinutes(1)));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM webhook_messages"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM webhook_attempts"));
    }
}

public sealed class SqliteWebhookOutbox : WebhookOutboxContract<SqliteTestDatabase>;

public sealed class PostgresWebhookOutbox : WebhookOutboxContract<PostgresTestDatabase>;
