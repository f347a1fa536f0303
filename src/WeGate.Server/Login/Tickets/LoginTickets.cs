using System.Security.Cryptography;
using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Secrets;
using WeGate.Storage.Stores;

namespace WeGate.Server.Login.Tickets;

// Shared steps of the ticket logins (flows 1, 3 and 7): ids short enough for a mini program code's
// scene (≤ 32 characters, docs/wechat-contract.md#mini-program-codes), and recording the account resolver's answer on the ticket.
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

    // A ticket waiting for the account step (flow 7) is consumed once, when its app takes the step over.
    public async Task<LoginTicket?> ConsumeForAccountStepAsync(string pool, string id, CancellationToken ct) =>
        await AnnouncedAsync(await store.TransitionAsync(pool, id, [TicketState.Refused], TicketState.Consumed, ct: ct), ct);

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
        // Account selection or ask to bind: the browser finishes on the account page; the ticket keeps what
        // WeChat vouched for until then.
        Resolution.SelectAccount or Resolution.AskToBind => await NeedsPersonAsync(pool, id, resolution, ct),
        _ => throw new InvalidOperationException("Unknown resolution " + resolution.GetType().Name),
    };

    public const string NeedsAccountStep = "needs-account-step";

    private Task<LoginTicket?> NeedsPersonAsync(string pool, string id, Resolution resolution, CancellationToken ct) =>
        store.TransitionAsync(pool, id, [TicketState.Pending, TicketState.Scanned], TicketState.Refused, result: JsonSerializer.Serialize(new
        {
            reason = NeedsAccountStep,
            // Flow 7's app takes the step over in a browser (docs/oidc.md); flow 3's page shows it.
            message = resolution is Resolution.AskToBind { Arrival.Connection.Type: Core.Connections.ConnectionType.AppLaunchesMiniProgram }
                or Resolution.SelectAccount { Arrival.Connection.Type: Core.Connections.ConnectionType.AppLaunchesMiniProgram }
                ? "Go back to the app to finish: choose or link your account."
                : "Finish on the sign-in page: choose or link your account.",
            arrival = ParkedArrival.Of(resolution),
        }), ct: ct);

    public static ParkedArrival? PendingArrival(LoginTicket ticket)
    {
        if (ticket.Result is null)
            return null;
        var root = JsonDocument.Parse(ticket.Result).RootElement;
        return root.GetProperty("reason").GetString() == NeedsAccountStep && root.TryGetProperty("arrival", out var arrival)
            ? arrival.Deserialize<ParkedArrival>() is { CandidateIds: not null } parked ? parked : null
            : null;
    }

    public static string? RefusalMessage(LoginTicket ticket) =>
        ticket.Result is null ? null : JsonDocument.Parse(ticket.Result).RootElement.GetProperty("message").GetString();
}
