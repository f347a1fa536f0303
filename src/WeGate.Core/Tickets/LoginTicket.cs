using WeGate.Core.Accounts;

namespace WeGate.Core.Tickets;

// The three logins that wait on a ticket (docs/logins.md#login-tickets): the official account's follow QR,
// the mini program code on PC, and an app that launches a mini program.
public enum TicketKind
{
    Follow,
    MiniProgramQr,
    AppMiniProgram,
}

public enum TicketState
{
    Pending,
    Scanned,
    Confirmed,
    Consumed,
    Expired,
    Cancelled,
    // Confirmed by WeChat, but the account resolver refused, or needs the person (Arrival is set).
    Refused,
}

// Why a confirmed ticket did not sign in: Reason for the audit log, Message for the person.
public sealed record TicketRefusal(RefusalReason Reason, string Message);

// A login ticket. A browser ticket (follow, mp-qr) is bound to the parked authorization request of the page
// that shows its code (RequestId); an app ticket (app-mp) to the application that asked for it (ClientId),
// which also holds its secret (SecretHash).
public sealed record LoginTicket
{
    public required string Id { get; init; }
    public required string Pool { get; init; }
    public required TicketKind Kind { get; init; }
    public required string ConnectionSlug { get; init; }
    public TicketState State { get; init; } = TicketState.Pending;
    public string? RequestId { get; init; }
    public string? ClientId { get; init; }
    public string? SecretHash { get; init; }
    public string? WeChatTicket { get; init; }
    public string? UserId { get; init; }
    public TicketRefusal? Refusal { get; init; }
    public ParkedArrival? Arrival { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    public bool IsBrowserTicket => Kind is TicketKind.Follow or TicketKind.MiniProgramQr;

    // A ticket past its expiry reads as expired whatever its stored state, unless it already ended.
    public TicketState EffectiveState(DateTimeOffset now) =>
        State is TicketState.Pending or TicketState.Scanned or TicketState.Confirmed && now >= ExpiresAt ? TicketState.Expired : State;

    // Only the page that holds the parked request may watch or complete a browser ticket.
    public bool IsShownTo(string requestId) => IsBrowserTicket && RequestId is not null && RequestId == requestId;

    // Only the application that asked for an app ticket may redeem it.
    public bool BelongsTo(string clientId) => Kind == TicketKind.AppMiniProgram && ClientId is not null && ClientId == clientId;

    // The ticket waits for its page (or app) to take the account step over.
    public bool NeedsAccountStep => State == TicketState.Refused && Arrival is not null;
}
