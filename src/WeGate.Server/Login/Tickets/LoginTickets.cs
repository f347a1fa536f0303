using System.Security.Cryptography;
using WeGate.Core.Accounts;
using WeGate.Core.Secrets;
using WeGate.Core.Telemetry;
using WeGate.Core.Tickets;

namespace WeGate.Server.Login.Tickets;

// Shared steps of the ticket logins (docs/logins.md#login-tickets): ids short enough for a mini program
// code's scene (≤ 32 characters, docs/wechat-contract.md#mini-program-codes), each move announced to the
// page that waits on the ticket, and the account resolver's answer recorded on the ticket.
internal sealed class LoginTickets(ILoginTicketStore store, TicketAnnouncer announcer, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string NewId() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(18));

    // A ticket shown by the login page of a parked request (follow, mp-qr).
    public Task<LoginTicket> CreateForPageAsync(string pool, TicketKind kind, string connectionSlug, string requestId, string? wechatTicket, CancellationToken ct,
        string? id = null) =>
        CreateAsync(new LoginTicket
        {
            Id = id ?? NewId(), Pool = pool, Kind = kind, ConnectionSlug = connectionSlug, RequestId = requestId, WeChatTicket = wechatTicket,
            ExpiresAt = clock.GetUtcNow() + Lifetime,
        }, ct);

    // A ticket an application asked for (app-mp), redeemed with its secret.
    public Task<LoginTicket> CreateForAppAsync(string pool, string connectionSlug, string clientId, string secretHash, CancellationToken ct) =>
        CreateAsync(new LoginTicket
        {
            Id = NewId(), Pool = pool, Kind = TicketKind.AppMiniProgram, ConnectionSlug = connectionSlug, ClientId = clientId, SecretHash = secretHash,
            ExpiresAt = clock.GetUtcNow() + Lifetime,
        }, ct);

    private async Task<LoginTicket> CreateAsync(LoginTicket ticket, CancellationToken ct)
    {
        await store.CreateAsync(ticket, ct);
        WeGateTelemetry.TicketEntered(ticket.Kind, TicketState.Pending);
        return ticket;
    }

    // Confirmed for the signed-in account, refused with what the person should be told, or waiting for the
    // person's account step with what WeChat vouched for.
    public async Task<LoginTicket?> SettleAsync(string pool, string id, Resolution resolution, CancellationToken ct) => await MovedAsync(resolution switch
    {
        Resolution.SignedIn signedIn => await store.MoveAsync(pool, id, TicketMove.Confirm, userId: signedIn.User.Id, ct: ct),
        Resolution.Refused refused => await store.MoveAsync(pool, id, TicketMove.Refuse, refusal: new TicketRefusal(refused.Reason, refused.UserMessage), ct: ct),
        Resolution.SelectAccount or Resolution.AskToBind => await store.MoveAsync(pool, id, TicketMove.Refuse, refusal: NeedsAccountStep(resolution),
            arrival: ParkedArrival.Of(resolution), ct: ct),
        _ => throw new InvalidOperationException("Unknown resolution " + resolution.GetType().Name),
    }, ct);

    // The person scanned the code and WeChat told us (follow, mp-qr), before they confirmed.
    public async Task<LoginTicket?> MarkScannedAsync(string pool, string id, CancellationToken ct) =>
        await MovedAsync(await store.MoveAsync(pool, id, TicketMove.Scan, ct: ct), ct);

    public async Task<LoginTicket?> ConsumeAsync(string pool, string id, CancellationToken ct) =>
        await MovedAsync(await store.MoveAsync(pool, id, TicketMove.Consume, ct: ct), ct);

    // A ticket waiting for the account step (app-mp) is consumed once, when its app takes the step over.
    public async Task<LoginTicket?> TakeAccountStepAsync(string pool, string id, CancellationToken ct) =>
        await MovedAsync(await store.MoveAsync(pool, id, TicketMove.TakeAccountStep, ct: ct), ct);

    public async Task<LoginTicket?> CancelAsync(string pool, string id, CancellationToken ct) =>
        await MovedAsync(await store.MoveAsync(pool, id, TicketMove.Cancel, ct: ct), ct);

    private async Task<LoginTicket?> MovedAsync(LoginTicket? moved, CancellationToken ct)
    {
        if (moved is null)
            return null;
        WeGateTelemetry.TicketEntered(moved.Kind, moved.State);
        await announcer.AnnounceAsync(moved.Id, ct);
        return moved;
    }

    // An app-mp ticket's app takes the step over in a browser (docs/oidc.md#when-the-person-must-choose); a
    // browser ticket's page shows it.
    private static TicketRefusal NeedsAccountStep(Resolution resolution)
    {
        var arrival = resolution switch
        {
            Resolution.SelectAccount s => s.Arrival,
            Resolution.AskToBind b => b.Arrival,
            _ => throw new ArgumentException("Only account selection and ask to bind wait for the person", nameof(resolution)),
        };
        return new(RefusalReason.NeedsAccountStep, arrival.Connection.Type == Core.Connections.ConnectionType.AppLaunchesMiniProgram
            ? "Go back to the app to finish: choose or link your account."
            : "Finish on the sign-in page: choose or link your account.");
    }
}
