using WeGate.Core.Accounts;
using WeGate.Core.Tickets;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private LoginTicketStore Tickets => new(Db, Clock);

    private static LoginTicket NewTicket(string pool, string id, DateTimeOffset expires, TicketKind kind = TicketKind.Follow) => new()
    {
        Id = id, Pool = pool, Kind = kind, ConnectionSlug = "wx", ExpiresAt = expires,
        RequestId = kind == TicketKind.AppMiniProgram ? null : "request-1",
        ClientId = kind == TicketKind.AppMiniProgram ? "app-1" : null,
        SecretHash = kind == TicketKind.AppMiniProgram ? "secret-hash" : null,
    };

    [Fact]
    public async Task A_ticket_moves_through_each_state_exactly_once_even_when_requests_race()
    {
        var pool = await NewPoolAsync();
        await Tickets.CreateAsync(NewTicket(pool, "t-race", Clock.GetUtcNow().AddMinutes(5)));

        var confirms = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Tickets.MoveAsync(pool, "t-race", TicketMove.Confirm, userId: "user-" + i))));
        var winner = Assert.Single(confirms, t => t is not null)!;
        Assert.Equal(TicketState.Confirmed, winner.State);
        Assert.Equal(winner.UserId, (await Tickets.GetAsync(pool, "t-race"))!.UserId);

        var consumes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Tickets.MoveAsync(pool, "t-race", TicketMove.Consume))));
        Assert.Single(consumes, t => t is not null);
        Assert.Null(await Tickets.MoveAsync(pool, "t-race", TicketMove.Cancel));
    }

    [Fact]
    public async Task An_expired_ticket_reads_as_expired_and_cannot_be_confirmed_but_can_be_cancelled()
    {
        var pool = await NewPoolAsync();
        await Tickets.CreateAsync(NewTicket(pool, "t-old", Clock.GetUtcNow().AddSeconds(-1)));
        var stored = await Tickets.GetAsync(pool, "t-old");
        Assert.Equal(TicketState.Expired, stored!.EffectiveState(Clock.GetUtcNow()));
        Assert.Null(await Tickets.MoveAsync(pool, "t-old", TicketMove.Confirm, userId: "u"));
        Assert.NotNull(await Tickets.MoveAsync(pool, "t-old", TicketMove.Cancel));
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

    [Fact]
    public async Task A_ticket_keeps_its_kind_its_binding_and_the_arrival_that_waits_for_the_person()
    {
        var pool = await NewPoolAsync();
        await Tickets.CreateAsync(NewTicket(pool, "t-app", Clock.GetUtcNow().AddMinutes(5), TicketKind.AppMiniProgram));
        var arrival = new ParkedArrival("wx", "o-1", "u-1", "+8613800138000", "Mei", "https://example.com/a.png", ["user-a", "user-b"]);
        Assert.NotNull(await Tickets.MoveAsync(pool, "t-app", TicketMove.Refuse, refusal: new TicketRefusal(RefusalReason.NeedsAccountStep, "Go back to the app"), arrival: arrival));

        var read = (await Tickets.GetAsync(pool, "t-app"))!;
        Assert.Equal((TicketKind.AppMiniProgram, TicketState.Refused, "app-1", (string?)null, "secret-hash"), (read.Kind, read.State, read.ClientId, read.RequestId, read.SecretHash));
        Assert.Equal(new TicketRefusal(RefusalReason.NeedsAccountStep, "Go back to the app"), read.Refusal);
        var a = read.Arrival!;
        Assert.Equal((arrival.ConnectionSlug, arrival.OpenId, arrival.UnionId, arrival.VerifiedPhone, arrival.Nickname, arrival.AvatarUrl),
            (a.ConnectionSlug, a.OpenId, a.UnionId, a.VerifiedPhone, a.Nickname, a.AvatarUrl));
        Assert.Equal(["user-a", "user-b"], read.Arrival!.CandidateIds);
        Assert.True(read.NeedsAccountStep && read.BelongsTo("app-1") && !read.BelongsTo("app-2") && !read.IsShownTo("request-1"));

        Assert.NotNull(await Tickets.MoveAsync(pool, "t-app", TicketMove.TakeAccountStep));
        Assert.Null(await Tickets.MoveAsync(pool, "t-app", TicketMove.TakeAccountStep));
    }
}
