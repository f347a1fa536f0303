using System.Diagnostics;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Telemetry;
using WeGate.Core.Users;

namespace WeGate.Core.Accounts;

// The one place that decides which account an arriving WeChat user is (docs/accounts.md#how-an-arriving-wechat-user-is-resolved). In order:
//   1. A snapshot-page virtual user is never matched, linked or created.
//   2. Look up by unionid and by appid:openid.
//   3. Two different users found → the person selects one.
//   4. One user found → sign in, attaching whichever of the two identities is missing (unionid back-fill).
//   5. Nobody found → the connection's binding policy: field matching on a verified phone or email, ask
//      to bind (only "link an existing account" when the connection is login-only), or create — unless
//      the connection is login-only.
//   6. Every outcome is audited.
// Profile data from WeChat: a new account starts with the nickname and avatar WeChat gave; at each
// sign-in they fill the account's empty nickname and picture and never overwrite a value the person or an
// admin set (IUserStore.FillProfileAsync tests emptiness inside its UPDATE, so a concurrent edit wins).
// WeChat's anonymous placeholder nickname "微信用户" (docs/wechat-contract.md#the-anonymous-nickname) counts as no nickname: it is
// never written, and a stored one is filled over. Gender and region are never taken from WeChat: since
// 2021-12 it sends 0 and "" for everyone, so WeChatArrival does not even carry them.
// Races are settled by the unique index on identities: a creation that loses re-resolves and signs in
// to the winner's account, so simultaneous first logins make exactly one account.
public sealed partial class AccountResolver(IUserStore users, IAuditLog audit, IAccountChoiceStore choices)
{
    private const int MaxAttempts = 3;

    // One login's arrival, counted and traced here (docs/operations.md#metrics-and-traces) whatever the flow.
    public Task<Resolution> ResolveAsync(WeChatArrival arrival, CancellationToken ct = default) => ResolveAsync(arrival, isLogin: true, ct);

    // isLogin false: the account step resolving again after losing a race, within a login counted already.
    private async Task<Resolution> ResolveAsync(WeChatArrival arrival, bool isLogin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        using var activity = WeGateTelemetry.StartResolve(arrival);
        Resolution? resolution = null;
        if (arrival.IsSnapshotUser)
            resolution = await RefuseAsync(arrival, RefusalReason.Snapshot,
                "You opened this page in WeChat's preview mode. Tap “使用完整服务” (Use full service) at the bottom, then sign in again.", ct);

        for (var attempt = 1; resolution is null; attempt++)
        {
            try
            {
                resolution = await ResolveOnceAsync(arrival, ct);
            }
            catch (IdentityConflictException) when (attempt < MaxAttempts)
            {
                // Someone else created or linked this identity a moment ago: look again.
            }
        }
        if (isLogin)
            WeGateTelemetry.LoginResolved(arrival, resolution);
        return resolution;
    }

    private async Task<Resolution> ResolveOnceAsync(WeChatArrival a, CancellationToken ct)
    {
        var byUnion = a.UnionId is null ? null : await users.FindByIdentityAsync(a.Pool, IdentityKind.WeChatUnionId, a.UnionId, ct);
        var byOpen = await users.FindByIdentityAsync(a.Pool, IdentityKind.WeChatOpenId, a.OpenIdIdentifier, ct);

        if (byUnion is not null && byOpen is not null && byUnion.Id != byOpen.Id)
        {
            // The person answered this before: the choice is remembered (AccountResolver.Steps.cs).
            if (await choices.FindAsync(a.Pool, a.UnionId!, a.OpenIdIdentifier, ct) is { } chosen && (chosen == byUnion.Id || chosen == byOpen.Id))
                return await SignInAsync(a, chosen == byUnion.Id ? byUnion : byOpen, ct);
            await WriteAsync(a, AuditEventType.LoginSelectAccount, AuditOutcome.Success, null, $"unionid and openid belong to {byUnion.Id} and {byOpen.Id}", ct);
            Resolved(a, WeGateTelemetry.Paths.Selection);
            return new Resolution.SelectAccount([byUnion, byOpen], a);
        }
        if ((byUnion ?? byOpen) is { } found)
            return await SignInAsync(a, found, ct);

        if (a.Connection.BindingPolicy == BindingPolicy.FieldMatching && await VerifiedOwnerAsync(a, ct) is ({ } owner, var field))
            return await SignInAsync(a, owner, ct, matchedOn: field);
        // Ask to bind on a login-only connection offers only "link an existing account" (Resolution.AskToBind.MayCreate).
        if (a.Connection.BindingPolicy == BindingPolicy.AskToBind)
        {
            Resolved(a, WeGateTelemetry.Paths.Bind);
            return new Resolution.AskToBind(a);
        }
        if (a.Connection.LoginOnly)
            return await RefuseAsync(a, RefusalReason.LoginOnly, LoginOnlyMessage, ct);

        return await CreateAsync(a, ct);
    }

    private const string LoginOnlyMessage = "This sign-in only works for existing accounts, and your WeChat is not linked to one.";

    // Field matching: the account that holds a phone number or email the arrival's source vouched for,
    // and only when the account's side is verified too — its identity came from WeChat or a code, or an
    // admin marked the profile's number or address verified. A value typed in and never verified could
    // belong to anyone, and matching on it would hand its holder someone else's account (docs/accounts.md).
    private async Task<(User? Owner, string? Field)> VerifiedOwnerAsync(WeChatArrival a, CancellationToken ct)
    {
        foreach (var (kind, value) in Vouched(a))
        {
            if (await users.FindByIdentityAsync(a.Pool, kind, value, ct) is not { } owner)
                continue;
            var verified = kind == IdentityKind.Phone
                ? owner.Profile.PhoneNumberVerified && owner.Profile.PhoneNumber == value
                : owner.Profile.EmailVerified && owner.Profile.Email == value;
            if (verified || (await users.GetIdentitiesAsync(a.Pool, owner.Id, ct)).Any(i => i.Kind == kind && i.Identifier == value && i.Verified))
                return (owner, kind == IdentityKind.Phone ? "verified phone" : "verified email");
        }
        return (null, null);
    }

    private async Task<Resolution> CreateAsync(WeChatArrival a, CancellationToken ct)
    {
        // Without field matching, a phone or email that already belongs to another account stays there: the
        // new account keeps it on its profile, but only one account can sign in with it.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kind, value) in Vouched(a))
        {
            if (await users.FindByIdentityAsync(a.Pool, kind, value, ct) is not null)
                taken.Add(kind);
        }
        var created = await users.CreateAsync(new NewUser(a.Pool, new UserProfile
        {
            Nickname = NicknameOf(a),
            Picture = PictureOf(a),
            PhoneNumber = a.VerifiedPhone,
            PhoneNumberVerified = a.VerifiedPhone is not null,
            Email = a.VerifiedEmail,
            EmailVerified = a.VerifiedEmail is not null,
        }, Identities(a).Where(i => !taken.Contains(i.Kind)).ToList()), ct);
        await users.RecordLoginAsync(a.Pool, created.Id, ct);
        await WriteAsync(a, AuditEventType.LoginCreated, AuditOutcome.Success, created.Id, null, ct);
        Resolved(a, WeGateTelemetry.Paths.Created);
        return new Resolution.SignedIn(created, Created: true, Attached: []);
    }

    private async Task<Resolution> SignInAsync(WeChatArrival a, User user, CancellationToken ct, string? matchedOn = null)
    {
        if (user.Blocked)
            return await RefuseAsync(a, RefusalReason.Blocked, "This account is blocked. Contact the site's support.", ct, user.Id);
        var have = (await users.GetIdentitiesAsync(a.Pool, user.Id, ct)).Select(i => (i.Kind, i.Identifier)).ToHashSet();
        var attached = new List<string>();
        foreach (var identity in Identities(a).Where(i => (i.Kind is IdentityKind.WeChatOpenId or IdentityKind.WeChatUnionId) && !have.Contains((i.Kind, i.Identifier))))
        {
            // After an account selection the other account keeps what it owns.
            if (await users.FindByIdentityAsync(a.Pool, identity.Kind, identity.Identifier, ct) is { } owner && owner.Id != user.Id)
                continue;
            // A conflict here means another account took the identity meanwhile; the retry re-decides.
            await users.AddIdentityAsync(a.Pool, user.Id, identity, ct);
            attached.Add(identity.Kind);
        }
        var vouched = await AttachVouchedAsync(a, user, have, ct);
        attached.AddRange(vouched);
        if (await users.FillProfileAsync(a.Pool, user.Id, NicknameOf(a), PictureOf(a), ct) || vouched.Count > 0)
            user = await users.GetAsync(a.Pool, user.Id, ct) ?? user;
        await users.RecordLoginAsync(a.Pool, user.Id, ct);
        var reason = matchedOn is not null ? $"linked on {matchedOn}" : attached.Count > 0 ? "attached " + string.Join(", ", attached) : null;
        await WriteAsync(a, matchedOn is not null ? AuditEventType.LoginLinked : attached.Contains(IdentityKind.WeChatUnionId) ? AuditEventType.LoginBackfilled : LoginEventType.SignedIn,
            AuditOutcome.Success, user.Id, reason, ct);
        Resolved(a, matchedOn is not null ? WeGateTelemetry.Paths.Linked : WeGateTelemetry.Paths.Matched);
        return new Resolution.SignedIn(user, Created: false, attached);
    }

    // A phone number (or email) WeChat vouched for at this sign-in becomes a verified way in and fills
    // the profile's number when it has none or an unverified one — unless another account signs in with
    // it: then it stays there, the sign-in goes on, and the audit trail says why it was not attached.
    private async Task<List<string>> AttachVouchedAsync(WeChatArrival a, User user, HashSet<(string, string)> have, CancellationToken ct)
    {
        var attached = new List<string>();
        foreach (var (kind, value) in Vouched(a).Where(v => !have.Contains(v)))
        {
            if (await users.FindByIdentityAsync(a.Pool, kind, value, ct) is { } holder && holder.Id != user.Id)
            {
                await WriteAsync(a, AuditEventType.LoginNotAttached, AuditOutcome.Failure, user.Id, $"the verified {kind} belongs to another account", ct);
                continue;
            }
            // A conflict here means another account took it meanwhile; the retry re-decides.
            await users.AddIdentityAsync(a.Pool, user.Id, new NewIdentity(kind, value, a.Connection.Slug, Verified: true), ct);
            attached.Add(kind);
        }
        var phone = attached.Contains(IdentityKind.Phone) && !user.Profile.PhoneNumberVerified ? a.VerifiedPhone : null;
        var email = attached.Contains(IdentityKind.Email) && !user.Profile.EmailVerified ? a.VerifiedEmail : null;
        if (phone is not null || email is not null)
            await users.UpdateProfileAsync(a.Pool, user.Id, new ProfileChange
            {
                PhoneNumber = phone, PhoneNumberVerified = phone is null ? null : true, Email = email, EmailVerified = email is null ? null : true,
            }, ct);
        return attached;
    }

    private static string? NicknameOf(WeChatArrival a) => UserProfile.IsEmptyNickname(a.Nickname?.Trim()) ? null : a.Nickname!.Trim();

    private static string? PictureOf(WeChatArrival a) => string.IsNullOrWhiteSpace(a.AvatarUrl) ? null : a.AvatarUrl.Trim();

    // The fields the arrival's source vouched for, as identity kinds and identifiers.
    private static IEnumerable<(string Kind, string Value)> Vouched(WeChatArrival a)
    {
        if (a.VerifiedPhone is not null)
            yield return (IdentityKind.Phone, a.VerifiedPhone);
        if (a.VerifiedEmail is not null)
            yield return (IdentityKind.Email, a.VerifiedEmail);
    }

    private static List<NewIdentity> Identities(WeChatArrival a)
    {
        var list = new List<NewIdentity> { new(IdentityKind.WeChatOpenId, a.OpenIdIdentifier, a.Connection.Slug, Verified: true) };
        if (a.UnionId is not null)
            list.Add(new(IdentityKind.WeChatUnionId, a.UnionId, a.Connection.Slug, Verified: true));
        list.AddRange(Vouched(a).Select(v => new NewIdentity(v.Kind, v.Value, a.Connection.Slug, Verified: true)));
        return list;
    }

    private async Task<Resolution> RefuseAsync(WeChatArrival a, RefusalReason reason, string message, CancellationToken ct, string? userId = null)
    {
        await WriteAsync(a, LoginEventType.Refused, AuditOutcome.Failure, userId, reason.Name(), ct);
        Resolved(a, WeGateTelemetry.Paths.Refused);
        return new Resolution.Refused(reason, message);
    }

    private static void Resolved(WeChatArrival a, string path)
    {
        WeGateTelemetry.Resolved(a.Pool, path);
        if (Activity.Current is { } span && span.Source == WeGateTelemetry.Source)
            span.SetTag("wegate.resolution.path", path);
    }

    private Task WriteAsync(WeChatArrival a, string type, string outcome, string? userId, string? reason, CancellationToken ct) =>
        audit.WriteAsync(new AuditEvent
        {
            Pool = a.Pool, Type = type, Outcome = outcome, UserId = userId, ConnectionSlug = a.Connection.Slug, ClientId = a.ClientId,
            Actor = a.Connection.Type, Ip = a.Ip, UserAgent = a.UserAgent, Reason = reason,
        }, ct);
}
