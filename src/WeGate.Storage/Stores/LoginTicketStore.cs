using System.Text.Json;
using Dapper;
using WeGate.Core.Accounts;
using WeGate.Core.Tickets;

namespace WeGate.Storage.Stores;

// Login tickets (docs/logins.md#login-tickets). Each move is one conditional UPDATE from the states
// TicketMoves allows, so it happens exactly once however many requests race for it.
public sealed class LoginTicketStore(Database db, TimeProvider clock) : ILoginTicketStore
{
    private const string Columns =
        "id, pool, kind, connection_slug, state, request_id, client_id, secret_hash, wechat_ticket, user_id, result, version, created_at, expires_at";

    public async Task CreateAsync(LoginTicket ticket, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = Epoch.Ms(clock.GetUtcNow());
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO login_tickets (id, pool, kind, connection_slug, state, request_id, client_id, secret_hash, wechat_ticket, version, created_at, updated_at, expires_at)
            VALUES (@Id, @Pool, @kind, @ConnectionSlug, @state, @RequestId, @ClientId, @SecretHash, @WeChatTicket, 0, @now, @now, @expires)
            """,
            new
            {
                ticket.Id, ticket.Pool, kind = ticket.Kind.Name(), ticket.ConnectionSlug, state = ticket.State.Name(), ticket.RequestId, ticket.ClientId,
                ticket.SecretHash, ticket.WeChatTicket, now, expires = Epoch.Ms(ticket.ExpiresAt),
            },
            tx, cancellationToken: ct)), ct);
    }

    public async Task<LoginTicket?> GetAsync(string pool, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM login_tickets WHERE id = @id AND pool = @pool", new { id, pool }, cancellationToken: ct));
        return row?.ToTicket();
    }

    public async Task<LoginTicket?> FindByWeChatTicketAsync(string wechatTicket, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM login_tickets WHERE wechat_ticket = @wechatTicket", new { wechatTicket }, cancellationToken: ct));
        return row?.ToTicket();
    }

    public async Task<bool> SetWeChatTicketAsync(string pool, string id, string wechatTicket, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE login_tickets SET wechat_ticket = @wechatTicket, updated_at = @now WHERE id = @id AND pool = @pool AND wechat_ticket IS NULL",
            new { pool, id, wechatTicket, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;
    }

    public async Task<LoginTicket?> MoveAsync(string pool, string id, TicketMove move, string? userId = null, TicketRefusal? refusal = null,
        ParkedArrival? arrival = null, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        var states = TicketMoves.From(move);
        var inList = string.Join(", ", states.Select((_, i) => "@s" + i));
        var result = refusal is null && arrival is null ? null : JsonSerializer.Serialize(new Result(refusal, arrival));
        var p = new DynamicParameters(new { pool, id, to = TicketMoves.To(move).Name(), userId, result, now, anytime = TicketMoves.AllowedAfterExpiry(move) });
        for (var i = 0; i < states.Count; i++)
            p.Add("s" + i, states[i].Name());
        var row = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE login_tickets SET state = @to, user_id = COALESCE(@userId, user_id), result = COALESCE(@result, result),
                version = version + 1, updated_at = @now
            WHERE id = @id AND pool = @pool AND state IN ({inList}) AND (expires_at > @now OR @anytime)
            RETURNING {Columns}
            """, p, tx, cancellationToken: ct)), ct);
        return row?.ToTicket();
    }

    // What a refused ticket keeps: why, and the arrival that waits for the person.
    private sealed record Result(TicketRefusal? Refusal, ParkedArrival? Arrival);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string Kind { get; set; } = "";
        public string ConnectionSlug { get; set; } = "";
        public string State { get; set; } = "";
        public string? RequestId { get; set; }
        public string? ClientId { get; set; }
        public string? SecretHash { get; set; }
        public string? WechatTicket { get; set; }
        public string? UserId { get; set; }
        public string? Result { get; set; }
        public long Version { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }

        public LoginTicket ToTicket()
        {
            var result = Result is null ? null : JsonSerializer.Deserialize<Result>(Result);
            return new LoginTicket
            {
                Id = Id, Pool = Pool, Kind = TicketMoves.ParseKind(Kind), ConnectionSlug = ConnectionSlug, State = TicketMoves.ParseState(State),
                RequestId = RequestId, ClientId = ClientId, SecretHash = SecretHash, WeChatTicket = WechatTicket, UserId = UserId,
                Refusal = result?.Refusal, Arrival = result?.Arrival is { CandidateIds: not null } arrival ? arrival : null,
                Version = Version, CreatedAt = Epoch.At(CreatedAt), ExpiresAt = Epoch.At(ExpiresAt),
            };
        }
    }
}
