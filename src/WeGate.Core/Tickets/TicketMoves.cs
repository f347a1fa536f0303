namespace WeGate.Core.Tickets;

// The ticket's state machine: pending → scanned → confirmed → consumed, or refused (then consumed when the
// account step is taken over), or cancelled; expiry is read from the clock (LoginTicket.EffectiveState).
// Each move happens once however many requests race for it: the store applies it as one conditional update
// from the states listed here, and only while the ticket has not expired (cancelling excepted).
public enum TicketMove
{
    Scan,
    Confirm,
    Refuse,
    Consume,
    TakeAccountStep,
    Cancel,
}

public static class TicketMoves
{
    public static TicketState To(TicketMove move) => move switch
    {
        TicketMove.Scan => TicketState.Scanned,
        TicketMove.Confirm => TicketState.Confirmed,
        TicketMove.Refuse => TicketState.Refused,
        TicketMove.Consume or TicketMove.TakeAccountStep => TicketState.Consumed,
        TicketMove.Cancel => TicketState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    public static IReadOnlyList<TicketState> From(TicketMove move) => move switch
    {
        TicketMove.Scan => [TicketState.Pending],
        TicketMove.Confirm or TicketMove.Refuse or TicketMove.Cancel => [TicketState.Pending, TicketState.Scanned],
        TicketMove.Consume => [TicketState.Confirmed],
        TicketMove.TakeAccountStep => [TicketState.Refused],
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    // A cancelled page ends its ticket even after expiry, so the row is not left pending.
    public static bool AllowedAfterExpiry(TicketMove move) => move == TicketMove.Cancel;

    public static bool Allows(TicketMove move, LoginTicket ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return From(move).Contains(ticket.State) && (AllowedAfterExpiry(move) || now < ticket.ExpiresAt);
    }

    // The words stored in the database and shown to the waiting page's script.
    public static string Name(this TicketState state) => state switch
    {
        TicketState.Pending => "pending",
        TicketState.Scanned => "scanned",
        TicketState.Confirmed => "confirmed",
        TicketState.Consumed => "consumed",
        TicketState.Expired => "expired",
        TicketState.Cancelled => "cancelled",
        TicketState.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static TicketState ParseState(string name)
    {
        foreach (var state in Enum.GetValues<TicketState>())
        {
            if (state.Name() == name)
                return state;
        }
        throw new FormatException($"'{name}' is not a login ticket state");
    }

    public static string Name(this TicketKind kind) => kind switch
    {
        TicketKind.Follow => "follow",
        TicketKind.MiniProgramQr => "mp-qr",
        TicketKind.AppMiniProgram => "app-mp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TicketKind ParseKind(string name) => name switch
    {
        "follow" => TicketKind.Follow,
        "mp-qr" => TicketKind.MiniProgramQr,
        "app-mp" => TicketKind.AppMiniProgram,
        _ => throw new FormatException($"'{name}' is not a login ticket kind"),
    };
}
