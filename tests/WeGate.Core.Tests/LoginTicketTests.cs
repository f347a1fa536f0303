using WeGate.Core.Tickets;

namespace WeGate.Core.Tests;

public sealed class LoginTicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static LoginTicket Ticket(TicketState state, TicketKind kind = TicketKind.MiniProgramQr, int expiresInSeconds = 60) => new()
    {
        Id = "t", Pool = "p", Kind = kind, ConnectionSlug = "wx", State = state, ExpiresAt = Now.AddSeconds(expiresInSeconds),
        RequestId = kind == TicketKind.AppMiniProgram ? null : "req", ClientId = kind == TicketKind.AppMiniProgram ? "app" : null,
    };

    [Theory]
    [InlineData(TicketState.Pending, TicketState.Expired)]
    [InlineData(TicketState.Scanned, TicketState.Expired)]
    [InlineData(TicketState.Confirmed, TicketState.Expired)]
    [InlineData(TicketState.Consumed, TicketState.Consumed)]
    [InlineData(TicketState.Refused, TicketState.Refused)]
    [InlineData(TicketState.Cancelled, TicketState.Cancelled)]
    public void A_ticket_past_its_expiry_reads_as_expired_unless_it_already_ended(TicketState stored, TicketState read)
    {
        Assert.Equal(stored, Ticket(stored).EffectiveState(Now));
        Assert.Equal(read, Ticket(stored, expiresInSeconds: 0).EffectiveState(Now));
    }

    [Theory]
    [InlineData(TicketMove.Scan, TicketState.Pending, true)]
    [InlineData(TicketMove.Scan, TicketState.Scanned, false)]
    [InlineData(TicketMove.Confirm, TicketState.Pending, true)]
    [InlineData(TicketMove.Confirm, TicketState.Scanned, true)]
    [InlineData(TicketMove.Confirm, TicketState.Refused, false)]
    [InlineData(TicketMove.Refuse, TicketState.Scanned, true)]
    [InlineData(TicketMove.Consume, TicketState.Confirmed, true)]
    [InlineData(TicketMove.Consume, TicketState.Pending, false)]
    [InlineData(TicketMove.Consume, TicketState.Refused, false)]
    [InlineData(TicketMove.TakeAccountStep, TicketState.Refused, true)]
    [InlineData(TicketMove.TakeAccountStep, TicketState.Confirmed, false)]
    [InlineData(TicketMove.Cancel, TicketState.Scanned, true)]
    [InlineData(TicketMove.Cancel, TicketState.Confirmed, false)]
    public void Each_move_starts_only_from_its_states(TicketMove move, TicketState from, bool allowed) =>
        Assert.Equal(allowed, TicketMoves.Allows(move, Ticket(from), Now));

    [Fact]
    public void Only_cancelling_moves_an_expired_ticket()
    {
        var expired = Ticket(TicketState.Pending, expiresInSeconds: 0);
        Assert.All(Enum.GetValues<TicketMove>().Where(m => m != TicketMove.Cancel), m => Assert.False(TicketMoves.Allows(m, expired, Now)));
        Assert.True(TicketMoves.Allows(TicketMove.Cancel, expired, Now));
    }

    [Fact]
    public void A_browser_ticket_is_shown_only_to_its_request_and_an_app_ticket_belongs_only_to_its_application()
    {
        var page = Ticket(TicketState.Pending);
        Assert.True(page.IsShownTo("req"));
        Assert.False(page.IsShownTo("other") || page.BelongsTo("req"));
        var app = Ticket(TicketState.Pending, TicketKind.AppMiniProgram);
        Assert.True(app.BelongsTo("app"));
        Assert.False(app.BelongsTo("other") || app.IsShownTo("app"));
    }

    [Fact]
    public void States_and_kinds_keep_the_names_the_database_and_the_page_use()
    {
        Assert.Equal(["pending", "scanned", "confirmed", "consumed", "expired", "cancelled", "refused"], Enum.GetValues<TicketState>().Select(s => s.Name()));
        Assert.All(Enum.GetValues<TicketState>(), s => Assert.Equal(s, TicketMoves.ParseState(s.Name())));
        Assert.All(Enum.GetValues<TicketKind>(), k => Assert.Equal(k, TicketMoves.ParseKind(k.Name())));
        Assert.Throws<FormatException>(() => TicketMoves.ParseState("Pending"));
        Assert.Throws<FormatException>(() => TicketMoves.ParseKind("oa-follow"));
    }
}
