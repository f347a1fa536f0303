using System.Text.Json;
using System.Text.Json.Serialization;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Tickets;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Oidc;

namespace WeGate.Server.Login.MiniProgramQr;

// The mini program's half of flow 3 (docs/wechat-contract.md#mini-program-codes): opened from the code, it reads the scene
// (decodeURIComponent(query.scene)), may say it was scanned, then confirms with its wx.login code and,
// if wanted, the phone number. The scene travels in a picture anyone near the screen can read, so
// it proves nothing by itself: a sign-in needs a wx.login code of this connection's mini program.
internal static class MiniProgramQrEndpoints
{
    // docs/wechat-contract.md#mini-program-codes: a scene is at most 32 characters.
    private const int MaxScene = 32;

    public sealed record ScanRequest(string? Scene);

    public sealed record ConfirmRequest(string? Scene, string? Code, string? PhoneCode, string? EncryptedData, string? Iv)
    {
        // The sandbox's virtual phone posts {appId, scene, code, phoneCode} (docs/sandbox.md), so a person
        // can play the mini program by hand; its names are accepted beside ours.
        [JsonPropertyName("appId")]
        public string? VirtualPhoneAppId { get; init; }

        [JsonPropertyName("phoneCode")]
        public string? VirtualPhonePhoneCode { get; init; }
    }

    public static void Map(RouteGroupBuilder login)
    {
        login.MapPost("/mp-qr/scan", ScanAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
        login.MapPost("/mp-qr/confirm", ConfirmAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
    }

    // The ticket behind a scene, its connection and waiting login page, and the audit log of refusals.
    internal readonly record struct Services(ILoginTicketStore Store, IConnectionStore Connections, ParkedRequests Parked, LoginTickets Tickets,
        IAuditLog Audit, TimeProvider Clock);

    private static async Task<IResult> ScanAsync(string pool, JsonBody<ScanRequest> body, [AsParameters] Services services, HttpContext http, CancellationToken ct)
    {
        var attempt = new MiniProgramQrAttempt(pool, http, services.Audit);
        var (waiting, refusal) = await FindAsync(attempt, services, body.Value.Scene, ct);
        if (waiting is null)
            return await attempt.RefuseAsync(refusal!);
        if (waiting.Ticket.State == TicketState.Pending)
            await services.Tickets.MarkScannedAsync(pool, waiting.Ticket.Id, ct);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            status = TicketState.Scanned.Name(),
            application = waiting.Request.Application.DisplayName,
            expires_in = (int)Math.Max(0, (waiting.Ticket.ExpiresAt - services.Clock.GetUtcNow()).TotalSeconds),
        });
    }

    private static async Task<IResult> ConfirmAsync(string pool, JsonBody<ConfirmRequest> body, [AsParameters] Services services, MiniProgramLogin mpLogin,
        HttpContext http, CancellationToken ct)
    {
        var r = body.Value;
        var attempt = new MiniProgramQrAttempt(pool, http, services.Audit);
        var (waiting, refusal) = await FindAsync(attempt, services, r.Scene, ct);
        if (waiting is null)
            return await attempt.RefuseAsync(refusal!);
        if (r.VirtualPhoneAppId is { } appId && appId != waiting.Connection.AppId)
            return await attempt.RefuseAsync(WeGateErrors.SceneOfAnotherMiniProgram.Error($"This code belongs to the mini program {waiting.Connection.AppId}, not {appId}"));
        if (r.PhoneCode is not null && r.VirtualPhonePhoneCode is not null && r.PhoneCode != r.VirtualPhonePhoneCode)
            return await attempt.RefuseAsync(WeGateErrors.PhoneCodeTwice.Error());

        var proof = new MiniProgramProof(r.Code ?? "", r.PhoneCode ?? r.VirtualPhonePhoneCode, r.EncryptedData, r.Iv);
        var (resolution, error) = await mpLogin.ResolveAsync(waiting.Connection, proof, http, waiting.Request.ClientId, ct);
        if (resolution is null)
            return await attempt.RefuseAsync(error!);

        // The resolver has written the audit event of the sign-in (or of its refusal).
        var settled = await services.Tickets.SettleAsync(pool, waiting.Ticket.Id, resolution, ct);
        if (settled is null)
            return await attempt.RefuseAsync(WeGateErrors.SceneTakenMeanwhile.Error());
        http.Response.Headers.CacheControl = "no-store";
        return settled.State == TicketState.Confirmed
            ? Results.Json(new { status = settled.State.Name() })
            : Results.Json(new { status = settled.State.Name(), message = settled.Refusal?.Message }, statusCode: StatusCodes.Status403Forbidden);
    }

    private sealed record Waiting(LoginTicket Ticket, Connection Connection, ParkedRequest Request);

    // The ticket named by the scene, if it is an mp-qr ticket whose login page is still waiting; otherwise
    // why not.
    private static async Task<(Waiting?, OAuthError?)> FindAsync(MiniProgramQrAttempt attempt, Services services, string? scene, CancellationToken ct)
    {
        if (scene is not { Length: > 0 and <= MaxScene })
            return (null, WeGateErrors.SceneMissing.Error());
        var ticket = await services.Store.GetAsync(attempt.Pool, scene, ct);
        var connection = ticket is null ? null : await services.Connections.GetAsync(attempt.Pool, ticket.ConnectionSlug, ct);

        // Every ticket login keeps its tickets in the same table; a mini program confirms only its own kind.
        if (ticket is not { Kind: TicketKind.MiniProgramQr } || connection is not { Type: ConnectionType.MiniProgramQr })
            return (null, WeGateErrors.SceneUnknown.Error());
        attempt.Slug = connection.Slug;
        var state = ticket.EffectiveState(services.Clock.GetUtcNow());
        if (state is not (TicketState.Pending or TicketState.Scanned))
        {
            var ended = state switch
            {
                TicketState.Expired => WeGateErrors.SceneExpired,
                TicketState.Confirmed or TicketState.Consumed => WeGateErrors.SceneUsed,
                _ => WeGateErrors.SceneEnded,
            };
            return (null, ended.Error() with { LogDetail = $"ticket {state.Name()}" });
        }
        if (!connection.Enabled)
            return (null, WeGateErrors.SceneConnectionOff.Error());
        var request = await services.Parked.LoadAsync(attempt.Pool, ticket.RequestId, ct);
        if (request is null)
            return (null, WeGateErrors.ScenePageGone.Error());
        attempt.ClientId = request.ClientId;
        return (new Waiting(ticket, connection, request), null);
    }
}
