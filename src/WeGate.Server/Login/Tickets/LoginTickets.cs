using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Secrets;
using WeGate.Storage.Stores;

namespace WeGate.Server.Login.Tickets;

// Shared steps of the ticket logins (flows 1, 3 and 7): ids short enough for a mini program code's
// scene (≤ 32 characters, wechat-api.md §3.1), and recording the account resolver's answer on the ticket.
internal sealed class LoginTickets(LoginTicketStore store, TicketAnnouncer announcer, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string NewId() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(18));

    public async Task<LoginTicket> CreateAsync(string pool, string connectionSlug, string? secretHash, string binding, CancellationToken ct)
    {
        var ticket = new LoginTicket(NewId(), pool, connectionSlug, TicketState.Pending, secretHash, binding, null, null, null, 0, default, clock.GetUtcNow() + Lifetime);
        await store.CreateAsync(ticket, ct);
        return ticket;
    }

    // Confirmed for the signed-in account, or refused with what the person should be told.
    public async Task<LoginTicket?> SettleAsync(string pool, string id, Resolution resolution, CancellationToken ct) =>
        await AnnouncedAsync(await SettleQuietlyAsync(pool, id, resolution, ct), ct);

    // The person scanned the code and WeChat told us (flows 1 and 3), before they confirmed.
    public async Task<LoginTicket?> MarkScannedAsync(string pool, string id, CancellationToken ct) =>
        await AnnouncedAsync(await store.TransitionAsync(pool, id, [TicketState.Pending], TicketState.Scanned, ct: ct), ct);

    public async Task<LoginTicket?> ConsumeAsync(string pool, string id, CancellationToken ct) =>
        await AnnouncedAsync(await store.TransitionAsync(pool, id, [TicketState.Confirmed], TicketState.Consumed, ct: ct), ct);

    public async Task<LoginTicket?> CancelAsync(string pool, string id, CancellationToken ct) =>
        await AnnouncedAsync(await store.TransitionAsync(pool, id, [TicketState.Pending, TicketState.Scanned], TicketState.Cancelled, ct: ct), ct);

    private async Task<LoginTicket?> AnnouncedAsync(LoginTicket? changed, CancellationToken ct)
    {
        if (changed is not null)
            await announcer.AnnounceAsync(changed.Id, ct);
        return changed;
    }

    private async Task<LoginTicket?> SettleQuietlyAsync(string pool, string id, Resolution resolution, CancellationToken ct) => resolution switch
    {
        Resolution.SignedIn signedIn => await store.TransitionAsync(pool, id, [TicketState.Pending, TicketState.Scanned], TicketState.Confirmed, userId: signedIn.User.Id, ct: ct),
        Resolution.Refused refused => await store.TransitionAsync(pool, id, [TicketState.Pending, TicketState.Scanned], TicketState.Refused,
            result: JsonSerializer.Serialize(new { reason = refused.Reason, message = refused.UserMessage }), ct: ct),
        _ => await store.TransitionAsync(pool, id, [TicketState.Pending, TicketState.Scanned], TicketState.Refused,
            result: JsonSerializer.Serialize(new { reason = "needs-account-step", message = "This WeChat account matches more than one account, or must be bound to one; finish on the hosted login page." }), ct: ct),
    };

    public static string? RefusalMessage(LoginTicket ticket) =>
        ticket.Result is null ? null : JsonDocument.Parse(ticket.Result).RootElement.GetProperty("message").GetString();
}
