using System.Text;
using System.Text.Json;
using WeGate.Core.Connections;
using WeGate.Core.Users;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Pages;
using WeGate.Core.Tickets;

namespace WeGate.Server.Login.Tickets;

// How the waiting login page follows its ticket (flows 1 and 3): Server-Sent Events, or plain polling
// where SSE does not get through, then one step that turns a confirmed ticket into the sign-in. Only the
// browser holding the login request the ticket was made for may watch or complete it.
internal static class TicketStatusEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder login)
    {
        login.MapGet("/tickets/{ticket}", StatusAsync);
        login.MapGet("/tickets/{ticket}/events", EventsAsync);
        login.MapGet("/tickets/{ticket}/complete", CompleteAsync);
    }

    private static async Task<IResult> StatusAsync(string pool, string ticket, string? request, ILoginTicketStore store, TimeProvider clock, HttpContext http,
        CancellationToken ct)
    {
        var found = await FindAsync(store, pool, ticket, request, ct);
        http.Response.Headers.CacheControl = "no-store";
        return found is null ? Results.NotFound() : Results.Json(Status(found, clock.GetUtcNow()));
    }

    private static async Task<IResult> EventsAsync(string pool, string ticket, string? request, ILoginTicketStore store, TicketNotifier notifier,
        TicketStreams streams, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var watches = new TicketWatches(notifier, ticket);
        using var _ = watches;
        var found = await FindAsync(store, pool, ticket, request, ct);
        if (found is null)
            return Results.NotFound();
        using var lease = streams.TryOpen(pool, ticket, http.Connection.RemoteIpAddress?.ToString() ?? "");
        if (lease is null)
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many open event streams",
                detail: "This ticket or this address already has as many open event streams as WeGate allows; close other tabs, or poll GET /pools/{pool}/login/tickets/{ticket} instead.");
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Response.ContentType = "text/event-stream";
        string? sent = null;
        while (!ct.IsCancellationRequested && found is not null)
        {
            var now = clock.GetUtcNow();
            var state = found.EffectiveState(now);
            var status = Status(found, now);
            if (status.State != sent)
            {
                await http.Response.WriteAsync($"event: state\ndata: {JsonSerializer.Serialize(status, WeGate.Server.Api.ApiJson.Options)}\n\n", Encoding.UTF8, ct);
                await http.Response.Body.FlushAsync(ct);
                sent = status.State;
            }
            else
            {
                await http.Response.WriteAsync(": heartbeat\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
            if (state is not (TicketState.Pending or TicketState.Scanned))
                break;
            // Wake on a change, at the ticket's expiry (EffectiveState then says so), or for a heartbeat.
            // The ticket is read again only after a change: a heartbeat is a write, not a query, so a
            // node holds many waiting pages cheaply. While a change may go unheard (PostgreSQL's
            // listener reconnecting), each heartbeat re-reads too (TicketNotifier.HearsEveryChange).
            var untilExpiry = found.ExpiresAt - clock.GetUtcNow() + TimeSpan.FromMilliseconds(100);
            await watches.Current.WaitAsync(untilExpiry < Heartbeat ? untilExpiry : Heartbeat, ct);
            if (watches.Renew() || !notifier.HearsEveryChange)
                found = await store.GetAsync(pool, ticket, ct);
        }
        return Results.Empty;
    }

    // The page calls this once its ticket is confirmed: the ticket is consumed and the person signed in.
    private static async Task<IResult> CompleteAsync(string pool, string ticket, string? request, ILoginTicketStore store, LoginTickets tickets,
        ParkedRequests requests, IUserStore users, Interactions interactions, HttpContext http, CancellationToken ct)
    {
        var found = await FindAsync(store, pool, ticket, request, ct);
        var auth = found is null ? null : await requests.LoadAsync(pool, request, ct);
        if (auth is null)
            return Results.NotFound();
        if (found!.State == TicketState.Refused)
        {
            if (found.Arrival is { } arrival)
                return interactions.AccountStep(http, auth, arrival, Amr(found.Kind));
            // A refused ticket always carries its refusal (TicketMoves).
            var refusal = found.Refusal!;
            return await interactions.CompleteAsync(http, auth, new Core.Accounts.Resolution.Refused(refusal.Reason, refusal.Message), Amr(found.Kind), ct);
        }
        var consumed = await tickets.ConsumeAsync(pool, ticket, ct);
        var user = consumed?.UserId is null ? null : await users.GetAsync(pool, consumed.UserId, ct);
        if (user is null)
            return Page.Error(http, auth.Texts(http.Request), WeGateErrors.SignInEnded.Error());
        return await interactions.CompleteAsync(http, auth, new Core.Accounts.Resolution.SignedIn(user, false, []), Amr(found.Kind), ct);
    }

    // The ID token's amr names the login (docs/oidc.md#tokens): the follow QR or the mini program code.
    private static string Amr(TicketKind kind) => kind == TicketKind.Follow ? "wechat-follow" : "wechat-mp-qr";

    public sealed record TicketStatus(string State, string? Message);

    private static TicketStatus Status(LoginTicket ticket, DateTimeOffset now) =>
        new(ticket.EffectiveState(now).Name(), ticket.State == TicketState.Refused ? ticket.Refusal?.Message : null);

    private static async Task<LoginTicket?> FindAsync(ILoginTicketStore store, string pool, string ticket, string? request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request) || request.Length > 64 || ticket.Length > 64)
            return null;
        var found = await store.GetAsync(pool, ticket, ct);
        return found?.IsShownTo(request) == true ? found : null;
    }
}
