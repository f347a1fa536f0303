using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private LoginTicketStore Tickets => new(Db, Clock);

    private static LoginTicket NewTicket(string pool, string id, DateTimeOffset expires, string? wechatTicket = null) =>
        new(id, pool, "wx", TicketState.Pending, "secret-hash", "browser", wechatTicket, null, null, 0, default, expires);

    [Fact]
    public async Task A_ticket_moves_through_each_state_exactly_once_even_when_requests_race()
    {
        var pool = await NewPoolAsync();
        await Tickets.CreateAsync(NewTicket(pool, "t-race", Clock.GetUtcNow().AddMinutes(5)));

        var confirms = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Tickets.TransitionAsync(pool, "t-race", [TicketState.Pending, TicketState.Scanned], TicketState.Confirmed, userId: "user-" + i))));
        var winner = Assert.Single(confirms, t => t is not null)!;
        Assert.Equal(TicketState.Confirmed, winner.State);
        Assert.Equal(winner.UserId, (await Tickets.GetAsync(pool, "t-race"))!.UserId);

        var consumes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            Tickets.TransitionAsync(pool, "t-race", [TicketState.Confirmed], TicketState.Consumed))));
        Assert.Single(consumes, t => t is not null);
        Assert.Null(await Tickets.TransitionAsync(pool, "t-race", [TicketState.Pending], TicketState.Cancelled));
    }

    [Fact]
    public async Task An_expired_ticket_reads_as_expired_and_cannot_be_confirmed_but_can_be_cancelled()
    {
        var pool = await NewPoolAsync();
        await Tickets.CreateAsync(NewTicket(pool, "t-old", Clock.GetUtcNow().AddSeconds(-1)));
        var stored = await Tickets.GetAsync(pool, "t-old");
        Assert.Equal(TicketState.Expired, stored!.EffectiveState(Clock.GetUtcNow()));
        Assert.Null(await Tickets.TransitionAsync(pool, "t-old", [TicketState.Pending], TicketState.Confirmed, userId: "u"));
        Assert.NotNull(await Tickets.TransitionAsync(pool, "t-old", [TicketState.Pending], TicketState.Cancelled));
        Assert.Null(await Tickets.GetAsync("other-pool", "t-old"));
    }

    [Fact]
    public async Task A_ticket_is_found_by_its_wechat_qr_ticket_which_is_unique()
    {
        var pool = await NewPoolAsync();
        var qr = "gQH47joAAAAAAAAAASxodHRw" + Guid.NewGuid().ToString("N");
        await Tickets.CreateAsync(NewTicket(pool, "t-qr", Clock.GetUtcNow().AddMinutes(5)));
        Assert.True(await Tickets.SetWeChatTicketAsync(pool, "t-qr", qr));
        Assert.False(await Tickets.SetWeChatTicketAsync(pool, "t-qr", qr + "x"));
        Assert.Equal("t-qr", (await Tickets.FindByWeChatTicketAsync(qr))!.Id);
        await Tickets.CreateAsync(NewTicket(pool, "t-qr2", Clock.GetUtcNow().AddMinutes(5)));
        await Assert.ThrowsAnyAsync<Exception>(() => Tickets.SetWeChatTicketAsync(pool, "t-qr2", qr));
    }
}
