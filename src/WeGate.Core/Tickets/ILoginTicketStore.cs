namespace WeGate.Core.Tickets;

public interface ILoginTicketStore
{
    Task CreateAsync(LoginTicket ticket, CancellationToken ct = default);

    Task<LoginTicket?> GetAsync(string pool, string id, CancellationToken ct = default);

    // The Ticket of a follow QR's subscribe/SCAN event is the one qrcode/create returned
    // (docs/wechat-contract.md#parametric-qr-codes).
    Task<LoginTicket?> FindByWeChatTicketAsync(string wechatTicket, CancellationToken ct = default);

    Task<bool> SetWeChatTicketAsync(string pool, string id, string wechatTicket, CancellationToken ct = default);

    // Applies the move if the ticket is in one of its from-states (TicketMoves); returns the ticket after the
    // move, or null when another request moved it first, it expired, or it does not exist.
    Task<LoginTicket?> MoveAsync(string pool, string id, TicketMove move, string? userId = null, TicketRefusal? refusal = null,
        Accounts.ParkedArrival? arrival = null, CancellationToken ct = default);
}
