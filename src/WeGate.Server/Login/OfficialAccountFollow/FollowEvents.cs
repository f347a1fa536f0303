using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Core.Tickets;
using WeGate.Core.Users;
using WeGate.Server.Interaction;
using WeGate.Server.Login.Tickets;
using WeGate.WeChat.Client;
using WeGate.WeChat.Messages;
using WeGate.Core.Telemetry;

namespace WeGate.Server.Login.OfficialAccountFollow;

// What a verified subscribe or SCAN event does (docs/wechat-contract.md#event-pushes, docs/wechat-contract.md#user-info): find the login ticket by the
// event's Ticket, claim it, ask cgi-bin/user/info for the unionid, resolve the account and settle the
// ticket, which wakes the waiting login page. The answer is the text to send the follower, or null
// for a push that is not a login (a plain follow, a chat message).
internal sealed class FollowEvents(ILoginTicketStore store, LoginTickets tickets, ParkedRequests requests,
    IUserStore users, WeChatApiClient wechat, AccessTokenCache tokens, AccountResolver resolver, FollowAudit audit, TimeProvider clock,
    ILogger<FollowEvents> logger)
{
    public async Task<string?> HandleAsync(Connection connection, string appSecret, InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (!(message.IsSubscribe || message.IsScan) || message.QrScene is not { } scene || string.IsNullOrEmpty(message.Ticket))
            return null;
        var openId = message.FromUserName!;

        // The scene is the login ticket's id and the Ticket is qrcode/create's ticket; both must agree,
        // and with the connection the push came in on.
        var found = await store.FindByWeChatTicketAsync(message.Ticket, ct);
        if (found is null || found.Pool != connection.Pool || found.ConnectionSlug != connection.Slug || found.Id != scene)
        {
            await audit.FailedAsync(connection, null, $"{message.Event} event for an unknown login ticket (scene {Clip(scene)})");
            return FollowTexts.Unknown;
        }

        var (clientId, appName) = await RequestAsync(found, ct);
        var state = found.EffectiveState(clock.GetUtcNow());
        if (state == TicketState.Pending && clientId is null)
        {
            // The login page's request is gone: nobody is waiting for this sign-in.
            await tickets.CancelAsync(found.Pool, found.Id, ct);
            await audit.FailedAsync(connection, null, "the login request of the scanned ticket has expired");
            return FollowTexts.Expired;
        }
        if (state != TicketState.Pending || await tickets.MarkScannedAsync(found.Pool, found.Id, ct) is null)
            return await AlreadyTakenAsync(connection, clientId, appName, found.Id, openId, ct);

        OfficialAccountUser info;
        try
        {
            info = await tokens.CallAsync(connection.AppId, appSecret, (token, c) => wechat.GetUserInfoAsync(token, openId, cancellationToken: c), ct);
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            WeGateTelemetry.LoginFailedAtWeChat(connection.Pool, connection.Type);
            var why = FollowFailures.Explain(e, "follower lookup", logger);
            await audit.FailedAsync(connection, clientId, "follower lookup: " + FollowFailures.Describe(e));
            await tickets.SettleAsync(found.Pool, found.Id, new Resolution.Refused(RefusalReason.WeChatError, why), ct);
            return FollowTexts.Failed(why);
        }
        if (!info.IsFollower || info.OpenId != openId)
        {
            // Unfollowed between the event and the lookup: without subscribe=1 there is no unionid (docs/wechat-contract.md#user-info),
            // and signing in on the openid alone could open a second account for the same person.
            await audit.FailedAsync(connection, clientId, "cgi-bin/user/info says the scanner does not follow the account");
            await tickets.SettleAsync(found.Pool, found.Id, new Resolution.Refused(RefusalReason.NotFollowing, "Follow the official account in WeChat, then reload this page and scan again."), ct);
            return FollowTexts.NotFollowing;
        }

        var resolution = await resolver.ResolveAsync(new WeChatArrival
        {
            Connection = connection, OpenId = openId, UnionId = string.IsNullOrEmpty(info.UnionId) ? null : info.UnionId, ClientId = clientId,
        }, ct);
        if (await tickets.SettleAsync(found.Pool, found.Id, resolution, ct) is null)
        {
            await audit.FailedAsync(connection, clientId, "the login ticket expired while the follower was looked up");
            return FollowTexts.Expired;
        }
        return resolution switch
        {
            Resolution.SignedIn => FollowTexts.SignedIn(appName),
            Resolution.Refused refused => FollowTexts.Refused(refused.UserMessage),
            _ => FollowTexts.Refused("This WeChat account matches more than one account, or must be bound to one; see the web page."),
        };
    }

    // The ticket was scanned before, expired or ended. The same follower's scan again (a copy of the push
    // that reached another node, say) hears the same answer; anyone else is told the code is spent.
    private async Task<string> AlreadyTakenAsync(Connection connection, string? clientId, string? appName, string id, string openId, CancellationToken ct)
    {
        var ticket = await store.GetAsync(connection.Pool, id, ct);
        var state = ticket?.EffectiveState(clock.GetUtcNow());
        if (state is TicketState.Expired or TicketState.Cancelled or null)
        {
            await audit.FailedAsync(connection, clientId, $"scan of an {state?.Name() ?? "unknown"} login ticket");
            return FollowTexts.Expired;
        }
        var follower = await users.FindByIdentityAsync(connection.Pool, IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(connection.AppId, openId), ct);
        if (ticket!.UserId is not null && follower?.Id == ticket.UserId && state is TicketState.Confirmed or TicketState.Consumed)
            return FollowTexts.SignedIn(appName);
        if (state == TicketState.Scanned)
            return FollowTexts.StillWorking;
        await audit.FailedAsync(connection, clientId, $"scan of a login ticket that is already {state?.Name()}");
        return FollowTexts.Used;
    }

    private async Task<(string? ClientId, string? AppName)> RequestAsync(LoginTicket ticket, CancellationToken ct)
    {
        var request = await requests.LoadAsync(ticket.Pool, ticket.RequestId, ct);
        return request is null ? (null, null) : (request.ClientId, request.Application.DisplayName);
    }

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
