using WeGate.Core.Audit;
using WeGate.Core.Users;

namespace WeGate.Core.Accounts;

// The resolver's answers to what the person decided on the account pages (docs/accounts.md#binding-policies).
public sealed partial class AccountResolver
{
    // Account selection: the chosen account must be one the unionid or the openid leads to. The choice
    // is remembered, so the question is not asked again; nothing moves between the two accounts.
    public async Task<Resolution> ChooseAsync(WeChatArrival a, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        var byUnion = a.UnionId is null ? null : await users.FindByIdentityAsync(a.Pool, IdentityKind.WeChatUnionId, a.UnionId, ct);
        var byOpen = await users.FindByIdentityAsync(a.Pool, IdentityKind.WeChatOpenId, a.OpenIdIdentifier, ct);
        var chosen = byUnion?.Id == userId ? byUnion : byOpen?.Id == userId ? byOpen : null;
        if (chosen is null)
            return await RefuseAsync(a, RefusalReason.NotACandidate, "That account is not one your WeChat is linked to.", ct);
        if (a.UnionId is not null)
            await choices.RememberAsync(a.Pool, a.UnionId, a.OpenIdIdentifier, chosen.Id, ct);
        await WriteAsync(a, AuditEventType.LoginSelected, AuditOutcome.Success, chosen.Id, null, ct);
        return await SignInAsync(a, chosen, ct);
    }

    // Ask to bind, "create a new account": the binding policy asked the person, who chose a new account.
    // A login-only connection still never creates one.
    public async Task<Resolution> CreateForArrivalAsync(WeChatArrival a, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Connection.LoginOnly)
            return await RefuseAsync(a, RefusalReason.LoginOnly, LoginOnlyMessage, ct);
        if (await users.FindByIdentityAsync(a.Pool, IdentityKind.WeChatOpenId, a.OpenIdIdentifier, ct) is { } existing)
            return await SignInAsync(a, existing, ct);
        try
        {
            return await CreateAsync(a, ct);
        }
        catch (IdentityConflictException)
        {
            // Someone created it a moment ago (another tab): sign in to that account.
            return await ResolveAsync(a, isLogin: false, ct);
        }
    }

    // Ask to bind, "link an existing account": the person proved the account (password, SMS or email
    // code). Not named BindAsync: minimal APIs would take that for a parameter binder of AccountResolver.
    // An account that already has another WeChat identity of the same kind (another openid of
    // this app, another unionid) cannot be bound again.
    public async Task<Resolution> BindExistingAsync(WeChatArrival a, string userId, string proof, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        var user = await users.GetAsync(a.Pool, userId, ct);
        if (user is null)
            return await RefuseAsync(a, RefusalReason.BindProofFailed, "That account does not exist.", ct);
        if (await IsBoundToAnotherWeChatAsync(a, userId, ct))
            return await RefuseAsync(a, RefusalReason.AlreadyBound, "That account is already linked to another WeChat of this kind; sign in with that WeChat instead.", ct, userId);
        await WriteAsync(a, AuditEventType.LoginBound, AuditOutcome.Success, userId, "proved by " + proof, ct);
        return await SignInAsync(a, user, ct);
    }

    // Whether the account already has another WeChat identity of the arrival's kind, so that binding it
    // would be refused; the account pages ask before they let a hand-off's decision wait for its code.
    public async Task<bool> IsBoundToAnotherWeChatAsync(WeChatArrival a, string userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        var identities = await users.GetIdentitiesAsync(a.Pool, userId, ct);
        var appPrefix = a.Connection.AppId + ":";
        return identities.Any(i => i.Kind == IdentityKind.WeChatOpenId && i.Identifier.StartsWith(appPrefix, StringComparison.Ordinal) && i.Identifier != a.OpenIdIdentifier)
            || (a.UnionId is not null && identities.Any(i => i.Kind == IdentityKind.WeChatUnionId && i.Identifier != a.UnionId));
    }
}
