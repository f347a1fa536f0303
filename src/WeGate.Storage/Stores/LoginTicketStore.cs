using Dapper;

namespace WeGate.Storage.Stores;

public static class TicketState
{
    public const string Pending = "pending";
    public const string Scanned = "scanned";
    public const string Confirmed = "confirmed";
    public const string Consumed = "consumed";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
    // Confirmed by WeChat, but the account step refused or needs the person (stored in Result).
    public const string Refused = "refused";
}

public sealed record LoginTicket(
    string Id, string Pool, string ConnectionSlug, string State, string? SecretHash, string? BrowserBinding, string? WeChatTicket,
    string? UserId, string? Result, long Version, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    // A ticket past its expiry reads as expired whatever its stored state, unless it already ended.
    public string EffectiveState(DateTimeOffset now) =>
        State is TicketState.Pending or TicketState.Scanned or TicketState.Confirmed && now >= ExpiresAt ? TicketState.Expired : State;
}

// The login ticket of flows 1, 3 and 7 (docs/logins.md#login-tickets): pending → scanned → confirmed → consumed, or
// expired / cancelled / refused. Each transition is one conditional UPDATE, so it happens exactly once
// however many requests race for it.
public sealed class LoginTicketStore(Database db, TimeProvider clock)
{
    private const string Columns =
        "id, pool, connection_slug, state, secret_hash, browser_binding, wechat_ticket, user_id, result, version, created_at, expires_at";

    public async Task CreateAsync(LoginTicket ticket, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = Epoch.Ms(clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO login_tickets (id, pool, connection_slug, state, secret_hash, browser_binding, wechat_ticket, version, created_at, updated_at, expires_at)
            VALUES (@Id, @Pool, @ConnectionSlug, @State, @SecretHash, @BrowserBinding, @WeChatTicket, 0, @now, @now, @expires)
            """,
            new { ticket.Id, ticket.Pool, ticket.ConnectionSlug, ticket.State, ticket.SecretHash, ticket.BrowserBinding, ticket.WeChatTicket, now, expires = Epoch.Ms(ticket.ExpiresAt) },
            cancellationToken: ct));
    }

    public async Task<LoginTicket?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM login_tickets WHERE id = @id AND pool = @pool", new { id, pool }, cancellationToken: ct));
        return row?.ToTicket();
    }

    // docs/wechat-contract.md#event-pushes: the Ticket of a subscribe/SCAN event equals the one qrcode/create returned.
    public async Task<LoginTicket?> FindByWeChatTicketAsync(string wechatTicket, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM login_tickets WHERE wechat_ticket = @wechatTicket", new { wechatTicket }, cancellationToken: ct));
        return row?.ToTicket();
    }

    public async Task<bool> SetWeChatTicketAsync(string pool, string id, string wechatTicket, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE login_tickets SET wechat_ticket = @wechatTicket, updated_at = @now WHERE id = @id AND pool = @pool AND wechat_ticket IS NULL",
            new { pool, id, wechatTicket, now = Epoch.Ms(clock.GetUtcNow()) }, cancellationToken: ct)) == 1;
    }

    // Moves the ticket from one of `from` to `to` if it has not expired; returns the ticket after the
    // move, or null when another request moved it first (or it expired, or does not exist).
    public async Task<LoginTicket?> TransitionAsync(string pool, string id, IReadOnlyCollection<string> from, string to,
        string? userId = null, string? result = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        var now = Epoch.Ms(clock.GetUtcNow());
        var states = from.ToArray();
        var inList = string.Join(", ", states.Select((_, i) => "@s" + i));
        var p = new DynamicParameters(new { pool, id, to, userId, result, now });
        for (var i = 0; i < states.Length; i++)
            p.Add("s" + i, states[i]);
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE login_tickets SET state = @to, user_id = COALESCE(@userId, user_id), result = COALESCE(@result, result),
                version = version + 1, updated_at = @now
            WHERE id = @id AND pool = @pool AND state IN ({inList}) AND (expires_at > @now OR @to IN ('expired', 'cancelled'))
            RETURNING {Columns}
            """, p, cancellationToken: ct));
        return row?.ToTicket();
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string ConnectionSlug { get; set; } = "";
        public string State { get; set; } = "";
        public string? SecretHash { get; set; }
        public string? BrowserBinding { get; set; }
        public string? WechatTicket { get; set; }
        public string? UserId { get; set; }
        public string? Result { get; set; }
        public long Version { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }

        public LoginTicket ToTicket() => new(Id, Pool, ConnectionSlug, State, SecretHash, BrowserBinding, WechatTicket, UserId, Result, Version,
            Epoch.At(CreatedAt), Epoch.At(ExpiresAt));
    }
}
