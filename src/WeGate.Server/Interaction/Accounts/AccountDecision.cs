using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Token;

namespace WeGate.Server.Interaction.Accounts;

// What the person decided on the account pages: use one of the candidate accounts, create a new one,
// or link an account they proved (Proof names how: password, sms code, email code).
internal sealed record AccountDecision(string Kind, string? UserId = null, string? Proof = null)
{
    public const string Choose = "choose";
    public const string Create = "create";
    public const string Bind = "bind";

    public Task<Resolution> ApplyAsync(AccountResolver resolver, WeChatArrival arrival, CancellationToken ct) => Kind switch
    {
        Choose => resolver.ChooseAsync(arrival, UserId!, ct),
        Create => resolver.CreateForArrivalAsync(arrival, ct),
        Bind => resolver.BindExistingAsync(arrival, UserId!, Proof!, ct),
        _ => throw new InvalidOperationException("Unknown account decision " + Kind),
    };
}

// A hand-off's decision, carried by its authorization code and taken when the application that started
// the exchange redeems the code with its PKCE verifier (AuthSessions explains why).
internal sealed class DeferredAccountSteps(IConnectionStore connections, AccountResolver resolver) : IDeferredAccountStep
{
    private sealed record Step(ParkedArrival Arrival, AccountDecision Decision);

    public static string Write(ParkedArrival arrival, AccountDecision decision) => JsonSerializer.Serialize(new Step(arrival, decision));

    public async Task<(string? UserId, OAuthError? Error)> CommitAsync(string pool, string clientId, string accountStep, CancellationToken ct)
    {
        var (arrival, decision) = JsonSerializer.Deserialize<Step>(accountStep)!;
        if (arrival is null || decision is null)
            return (null, WeGateErrors.CodeFromOlderVersion.Error());
        if (await connections.GetAsync(pool, arrival.ConnectionSlug, ct) is not { Enabled: true } connection)
            return (null, WeGateErrors.CodeConnectionGone.Error($"The connection '{arrival.ConnectionSlug}' of this sign-in is gone or disabled"));
        return await decision.ApplyAsync(resolver, arrival.ToArrival(connection, clientId, null, null), ct) switch
        {
            Resolution.SignedIn signedIn => (signedIn.User.Id, null),
            Resolution.Refused refused => (null, WeGateErrors.CodeAccountStepRefused.Error(refused.UserMessage)),
            _ => (null, WeGateErrors.CodeAccountsChanged.Error()),
        };
    }
}
