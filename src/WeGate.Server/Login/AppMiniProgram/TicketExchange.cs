using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Server.Errors;
using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Login.Exchange;
using WeGate.Server.Login.Tickets;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Token;
using WeGate.Core.Tickets;

namespace WeGate.Server.Login.AppMiniProgram;

// Flow 7's redemption: subject_token is the ticket, ticket_secret proves the caller opened it. A
// confirmed ticket is consumed exactly once.
internal sealed class TicketExchange(
    ILoginTicketStore store, LoginTickets tickets, IUserStore users, WeChatExchange exchange, AuthSessions handOff, TimeProvider clock) : ITokenExchangeHandler
{
    public const string TokenType = "urn:wegate:params:oauth:token-type:wechat-login-ticket";

    public string SubjectTokenType => TokenType;

    public async Task<(TokenResponse?, OAuthError?)> ExchangeAsync(string pool, Application client, IFormCollection form, HttpContext http, CancellationToken ct)
    {
        var id = form["subject_token"].ToString();
        var secret = form["ticket_secret"].ToString();
        if (secret.Length is 0 or > 256 || id.Length > 64)
            return (null, WeGateErrors.TicketSecretMissing.Error());
        var (request, requestError) = ExchangeRequest.Parse(form);
        if (request is null)
            return (null, requestError);
        var ticket = await store.GetAsync(pool, id, ct);
        if (ticket is null || !ticket.BelongsTo(client.ClientId) || !SecretHash.Verify(secret, ticket.SecretHash))
            return (null, WeGateErrors.TicketUnknown.Error());
        var state = ticket.EffectiveState(clock.GetUtcNow());
        // The mini program's login needs the person (account selection, ask to bind): the app takes it
        // over in a browser with an auth_session, once.
        if (state == TicketState.Refused && ticket.NeedsAccountStep)
        {
            // Without a challenge the hand-off cannot be bound to this app: say so and keep the ticket.
            if (request.HandOffChallenge is null)
                return (null, AuthSessions.ChallengeRequired(client));
            return await tickets.TakeAccountStepAsync(pool, id, ct) is { Arrival: { } arrival }
                ? (null, await handOff.HandOffAsync(pool, client, arrival, "wechat-miniprogram", request.HandOffChallenge, ct))
                : (null, WeGateErrors.TicketRedeemed.Error());
        }
        if (state == TicketState.Refused)
            return (null, ticket.Refusal is { } refusal ? WeGateErrors.TicketRefused.Error(refusal.Message) : WeGateErrors.TicketRefused.Error());
        if (state is TicketState.Pending or TicketState.Scanned)
            return (null, WeGateErrors.TicketPending.Error());
        var consumed = state == TicketState.Confirmed ? await tickets.ConsumeAsync(pool, id, ct) : null;
        if (consumed?.UserId is null)
            return (null, WeGateErrors.TicketEnded.Error($"The ticket was already redeemed or is {state.Name()}; start again from the app"));
        var user = await users.GetAsync(pool, consumed.UserId, ct);
        if (user is null)
            return (null, WeGateErrors.TicketAccountGone.Error());
        return await exchange.TokensAsync(pool, client, new Core.Accounts.Resolution.SignedIn(user, false, []), "wechat-miniprogram", request, ct);
    }
}
