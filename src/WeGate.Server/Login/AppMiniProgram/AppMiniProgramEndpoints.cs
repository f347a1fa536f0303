using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Core.Secrets;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Login.Exchange;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Oidc;
using WeGate.Core.Tickets;

namespace WeGate.Server.Login.AppMiniProgram;

// Flow 7 (docs/oidc.md#app-launches-mini-program-app-mp, docs/wechat-contract.md#app-launches-mini-program): the app asks for a one-time ticket and launches the mini
// program with it; the mini program signs the person in against the ticket; the app redeems the ticket
// by token exchange with the ticket secret it alone holds. The ticket id travels through WeChat and
// back in extMsg, which is untrusted, so the id alone can never redeem anything.
internal static class AppMiniProgramEndpoints
{
    public sealed record TicketRequest(string? ClientId, string? Connection);

    public sealed record Launch(string UserName, string Path, int MiniProgramType);

    public sealed record TicketResponse(string Ticket, string TicketSecret, int ExpiresIn, Launch Launch);

    public sealed record ConfirmRequest(string? Code, string? PhoneCode, string? EncryptedData, string? Iv);

    public static void Map(RouteGroupBuilder login)
    {
        login.MapPost("/app-mp/tickets", CreateTicketAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
        // Called by the mini program with the ticket from its launch path.
        login.MapPost("/app-mp/tickets/{ticket}/confirm", ConfirmAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
    }

    private static async Task<IResult> CreateTicketAsync(string pool, JsonBody<TicketRequest> body, IApplicationStore apps, IConnectionStore connections,
        LoginTickets tickets, HttpContext http, CancellationToken ct)
    {
        var app = body.Value.ClientId is { Length: > 0 and <= 256 } id ? await apps.GetAsync(pool, id, ct) : null;
        if (app is null || !app.Enabled || !app.Grants.Contains(GrantType.TokenExchange))
            return WeGateErrors.AppTicketClientNotAllowed.Error().ToJson(http);
        var form = new FormCollection(new() { ["connection"] = body.Value.Connection ?? "" });
        var (connection, error) = await ConnectionChooser.ChooseAsync(connections, pool, app, form, ConnectionType.AppLaunchesMiniProgram, ct);
        if (connection is null)
            return error!.ToJson(http);
        var secret = SecretHash.NewSecret("wgt_");
        var ticket = await tickets.CreateForAppAsync(pool, connection.Slug, app.ClientId, SecretHash.Hash(secret), ct);
        var page = connection.Settings.Page ?? "pages/login/index";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new TicketResponse(ticket.Id, secret, (int)LoginTickets.Lifetime.TotalSeconds,
            new Launch(connection.Settings.OriginalId!, $"{page}?ticket={ticket.Id}", MiniProgramType(connection.Settings.EnvVersion))));
    }

    // The ticket and its connection, the mini program's sign-in and the clock that says whether the ticket still waits.
    internal readonly record struct ConfirmServices(ILoginTicketStore Store, IConnectionStore Connections, MiniProgramLogin MiniProgram, LoginTickets Tickets,
        TimeProvider Clock);

    private static async Task<IResult> ConfirmAsync(string pool, string ticket, JsonBody<ConfirmRequest> body, [AsParameters] ConfirmServices services,
        HttpContext http, CancellationToken ct)
    {
        var found = ticket.Length > 64 ? null : await services.Store.GetAsync(pool, ticket, ct) is { Kind: TicketKind.AppMiniProgram } t ? t : null;
        var now = services.Clock.GetUtcNow();
        if (found is null || found.EffectiveState(now) is not (TicketState.Pending or TicketState.Scanned))
            return (found is null ? WeGateErrors.AppTicketNotWaiting.Error("Unknown ticket; start again from the app") : WeGateErrors.AppTicketNotWaiting.Error($"The ticket is {found.EffectiveState(now).Name()}; start again from the app")).ToJson(http);
        var connection = await services.Connections.GetAsync(pool, found.ConnectionSlug, ct);
        if (connection is null || !connection.Enabled)
            return WeGateErrors.AppTicketConnectionGone.Error().ToJson(http);
        var r = body.Value;
        var (resolution, error) = await services.MiniProgram.ResolveAsync(connection, new MiniProgramProof(r.Code ?? "", r.PhoneCode, r.EncryptedData, r.Iv), http, found.ClientId, ct);
        if (resolution is null)
            return error!.ToJson(http);
        var settled = await services.Tickets.SettleAsync(pool, ticket, resolution, ct);
        if (settled is null)
            return WeGateErrors.AppTicketSettledMeanwhile.Error().ToJson(http);
        return settled.State == TicketState.Confirmed
            ? Results.Json(new { status = settled.State.Name(), app_parameter = settled.Id })
            : Results.Json(new { status = settled.State.Name(), message = settled.Refusal?.Message }, statusCode: StatusCodes.Status403Forbidden);
    }

    // docs/wechat-contract.md#app-launches-mini-program: 0 release, 1 develop ("test"), 2 trial ("preview").
    private static int MiniProgramType(string? envVersion) => envVersion switch
    {
        "develop" => 1,
        "trial" => 2,
        _ => 0,
    };
}
