using System.Text.Json;
using System.Text.Json.Serialization;
using WeGate.Core.Applications;
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
        login.MapPost("/mp-qr/scan", async (string pool, JsonBody<ScanRequest> body, LoginTickets tickets, TimeProvider clock,
            HttpContext http, CancellationToken ct) =>
        {
            var attempt = new MiniProgramQrAttempt(pool, http);
            var waiting = await FindAsync(attempt, body.Value.Scene, ct);
            if (waiting is null)
                return await attempt.RefusalAsync();
            if (waiting.Ticket.State == TicketState.Pending)
                await tickets.MarkScannedAsync(pool, waiting.Ticket.Id, ct);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new
            {
                status = TicketState.Scanned.Name(),
                application = waiting.Request.Application.DisplayName,
                expires_in = (int)Math.Max(0, (waiting.Ticket.ExpiresAt - clock.GetUtcNow()).TotalSeconds),
            });
        }).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);

        login.MapPost("/mp-qr/confirm", async (string pool, JsonBody<ConfirmRequest> body, MiniProgramLogin mpLogin, LoginTickets tickets,
            HttpContext http, CancellationToken ct) =>
        {
            var r = body.Value;
            var attempt = new MiniProgramQrAttempt(pool, http);
            var waiting = await FindAsync(attempt, r.Scene, ct);
            if (waiting is null)
                return await attempt.RefusalAsync();
            if (r.VirtualPhoneAppId is { } appId && appId != waiting.Connection.AppId)
                return await attempt.RefuseAsync(OAuthError.InvalidRequest($"This code belongs to the mini program {waiting.Connection.AppId}, not {appId}"), "mp-qr: another mini program's appid");
            if (r.PhoneCode is not null && r.VirtualPhonePhoneCode is not null && r.PhoneCode != r.VirtualPhonePhoneCode)
                return await attempt.RefuseAsync(OAuthError.InvalidRequest("Send the phone code once, as phone_code"), "mp-qr: two phone codes");

            var proof = new MiniProgramProof(r.Code ?? "", r.PhoneCode ?? r.VirtualPhonePhoneCode, r.EncryptedData, r.Iv);
            var (resolution, error) = await mpLogin.ResolveAsync(waiting.Connection, proof, http, waiting.Request.ClientId, ct);
            if (resolution is null)
                return await attempt.RefuseAsync(error!, "mp-qr: " + error!.Description);

            // The resolver has written the audit event of the sign-in (or of its refusal).
            var settled = await tickets.SettleAsync(pool, waiting.Ticket.Id, resolution, ct);
            if (settled is null)
                return await attempt.RefuseAsync(OAuthError.InvalidGrant("This code was used by another sign-in, or expired, a moment ago. Reload the login page on the computer and scan the new code."),
                    "mp-qr: ticket settled by another request or expired during the sign-in");
            http.Response.Headers.CacheControl = "no-store";
            return settled.State == TicketState.Confirmed
                ? Results.Json(new { status = settled.State.Name() })
                : Results.Json(new { status = settled.State.Name(), message = settled.Refusal?.Message }, statusCode: StatusCodes.Status403Forbidden);
        }).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
    }

    private sealed record Waiting(LoginTicket Ticket, Connection Connection, ParkedRequest Request);

    // The ticket named by the scene, if it is an mp-qr ticket whose login page is still waiting.
    private static async Task<Waiting?> FindAsync(MiniProgramQrAttempt attempt, string? scene, CancellationToken ct)
    {
        var services = attempt.Http.RequestServices;
        if (scene is not { Length: > 0 and <= MaxScene })
            return attempt.Refuse<Waiting>(OAuthError.InvalidRequest("scene is required: the scene the mini program was opened with (decodeURIComponent(query.scene) in onLoad)"), "mp-qr: no scene");
        var ticket = await services.GetRequiredService<ILoginTicketStore>().GetAsync(attempt.Pool, scene, ct);
        var connection = ticket is null ? null : await services.GetRequiredService<IConnectionStore>().GetAsync(attempt.Pool, ticket.ConnectionSlug, ct);

        // Every ticket login keeps its tickets in the same table; a mini program confirms only its own kind.
        if (ticket is not { Kind: TicketKind.MiniProgramQr } || connection is not { Type: ConnectionType.MiniProgramQr })
            return attempt.Refuse<Waiting>(OAuthError.InvalidGrant("Unknown code: this scene is not a sign-in waiting on this site. Scan the code on the computer again."), "mp-qr: unknown ticket");
        attempt.Slug = connection.Slug;
        var state = ticket.EffectiveState(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (state is not (TicketState.Pending or TicketState.Scanned))
        {
            return attempt.Refuse<Waiting>(OAuthError.InvalidGrant(state switch
            {
                TicketState.Expired => "This code has expired. Reload the login page on the computer and scan the new code.",
                TicketState.Confirmed or TicketState.Consumed => "This code was already used to sign in. To sign in again, reload the login page on the computer and scan the new code.",
                _ => "This sign-in has ended. Reload the login page on the computer and scan the new code.",
            }), $"mp-qr: ticket {state.Name()}");
        }
        if (!connection.Enabled)
            return attempt.Refuse<Waiting>(OAuthError.InvalidGrant("Signing in with this mini program has been switched off. Sign in another way on the computer."), "mp-qr: connection disabled");
        var request = await services.GetRequiredService<ParkedRequests>().LoadAsync(attempt.Pool, ticket.RequestId, ct);
        if (request is null)
            return attempt.Refuse<Waiting>(OAuthError.InvalidGrant("The login page on the computer is no longer waiting: it signed in another way or timed out. Reload it and scan the new code."),
                "mp-qr: login request no longer waiting");
        attempt.ClientId = request.ClientId;
        return new Waiting(ticket, connection, request);
    }
}
