using Dapper;
using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Core.Users;

namespace WeGate.Storage.Tests;

// The account scenario matrix (docs/accounts.md): every combination of
//   unionid (with / without) × person (new / existing) × binding policy × login-only × verified phone,
// each row stating exactly what docs/accounts.md says must happen: the resolution, how many users the
// pool holds afterwards, and the exact identities of the account signed in to. The expectations are
// written out row by row, not computed, so that a change of rule shows up as a failing row.
//
// The persona and the pool around it:
//   oA  the person's openid in app A (wx00000000000000a1), the connection under test → "wx00000000000000a1:oA"
//   oB  the person's openid in app B (wx00000000000000b2), bound to the same Open Platform → "wx00000000000000b2:oB"
//   u   the person's unionid (only when the row says the app is bound to the Open Platform)
//   ph  +8613800000077, a phone WeChat verified for the person, which already belongs to another
//       account (created with only that phone identity before the arrival)
// Person:
//   New       nobody has seen this WeChat user.
//   Existing  an earlier arrival of the same person through the same app (A), carrying the same unionid
//             or none. The earlier arrival goes through app A with the default settings (policy none,
//             not login-only): a login-only or ask-to-bind connection cannot create an account by
//             itself, so the row's settings stand for what the operator has configured since.
//   OtherApp  (unionid rows only) the earlier arrival came through app B, so only the unionid leads
//             to the account: the cross-app path, where app A's openid is attached.
// The two-accounts selection case and the unionid back-fill are covered exactly in
// AccountResolverContract.cs and are not repeated here.
public abstract partial class StoreContract
{
    public enum MatrixPerson { New, Existing, OtherApp }

    // What the resolver answers. Created: a new account. SignedIn: the person's existing account.
    // Linked: the account owning the verified phone (field matching). Ask: the ask-to-bind page.
    // AskLinkOnly: the ask-to-bind page without "create a new account". RefusedLoginOnly: refused with
    // reason "login-only".
    public enum MatrixOutcome { Created, SignedIn, Linked, Ask, AskLinkOnly, RefusedLoginOnly }

    private const string MatrixAppA = "wx00000000000000a1";
    private const string MatrixAppB = "wx00000000000000b2";
    private const string MatrixPhone = "+8613800000077";

    // Columns: unionid?, person, policy, login-only, verified phone owned by another account?,
    //          → outcome, users in the pool afterwards, identities of the resulting user ("" when nobody signs in).
    // Ask-to-bind × login-only (rows marked ‡): the person is asked, but may only link an existing
    // account — a login-only connection never creates one (docs/accounts.md, "Binding policies").
    [Theory]
    // ── no unionid × new person ──────────────────────────────────────────────────────────────────────
    [InlineData(false, MatrixPerson.New, BindingPolicy.None, false, false, MatrixOutcome.Created, 1, "oA")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.None, false, true, MatrixOutcome.Created, 2, "oA")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.None, true, false, MatrixOutcome.RefusedLoginOnly, 0, "")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.None, true, true, MatrixOutcome.RefusedLoginOnly, 1, "")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.FieldMatching, false, false, MatrixOutcome.Created, 1, "oA")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.FieldMatching, false, true, MatrixOutcome.Linked, 1, "oA ph")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.FieldMatching, true, false, MatrixOutcome.RefusedLoginOnly, 0, "")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.FieldMatching, true, true, MatrixOutcome.Linked, 1, "oA ph")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.AskToBind, false, false, MatrixOutcome.Ask, 0, "")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.AskToBind, false, true, MatrixOutcome.Ask, 1, "")]
    [InlineData(false, MatrixPerson.New, BindingPolicy.AskToBind, true, false, MatrixOutcome.AskLinkOnly, 0, "")] // ‡
    [InlineData(false, MatrixPerson.New, BindingPolicy.AskToBind, true, true, MatrixOutcome.AskLinkOnly, 1, "")] // ‡
    // ── no unionid × existing person (found by this app's openid) ───────────────────────────────────
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.None, false, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.None, false, true, MatrixOutcome.SignedIn, 2, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.None, true, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.None, true, true, MatrixOutcome.SignedIn, 2, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.FieldMatching, false, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.FieldMatching, false, true, MatrixOutcome.SignedIn, 2, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.FieldMatching, true, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.FieldMatching, true, true, MatrixOutcome.SignedIn, 2, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.AskToBind, false, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.AskToBind, false, true, MatrixOutcome.SignedIn, 2, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.AskToBind, true, false, MatrixOutcome.SignedIn, 1, "oA")]
    [InlineData(false, MatrixPerson.Existing, BindingPolicy.AskToBind, true, true, MatrixOutcome.SignedIn, 2, "oA")]
    // ── unionid × new person ─────────────────────────────────────────────────────────────────────────
    [InlineData(true, MatrixPerson.New, BindingPolicy.None, false, false, MatrixOutcome.Created, 1, "oA u")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.None, false, true, MatrixOutcome.Created, 2, "oA u")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.None, true, false, MatrixOutcome.RefusedLoginOnly, 0, "")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.None, true, true, MatrixOutcome.RefusedLoginOnly, 1, "")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.FieldMatching, false, false, MatrixOutcome.Created, 1, "oA u")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.FieldMatching, false, true, MatrixOutcome.Linked, 1, "oA u ph")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.FieldMatching, true, false, MatrixOutcome.RefusedLoginOnly, 0, "")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.FieldMatching, true, true, MatrixOutcome.Linked, 1, "oA u ph")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.AskToBind, false, false, MatrixOutcome.Ask, 0, "")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.AskToBind, false, true, MatrixOutcome.Ask, 1, "")]
    [InlineData(true, MatrixPerson.New, BindingPolicy.AskToBind, true, false, MatrixOutcome.AskLinkOnly, 0, "")] // ‡
    [InlineData(true, MatrixPerson.New, BindingPolicy.AskToBind, true, true, MatrixOutcome.AskLinkOnly, 1, "")] // ‡
    // ── unionid × existing person, same app (found by unionid and openid, both on the one account) ──
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.None, false, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.None, false, true, MatrixOutcome.SignedIn, 2, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.None, true, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.None, true, true, MatrixOutcome.SignedIn, 2, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.FieldMatching, false, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.FieldMatching, false, true, MatrixOutcome.SignedIn, 2, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.FieldMatching, true, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.FieldMatching, true, true, MatrixOutcome.SignedIn, 2, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.AskToBind, false, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.AskToBind, false, true, MatrixOutcome.SignedIn, 2, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.AskToBind, true, false, MatrixOutcome.SignedIn, 1, "oA u")]
    [InlineData(true, MatrixPerson.Existing, BindingPolicy.AskToBind, true, true, MatrixOutcome.SignedIn, 2, "oA u")]
    // ── unionid × existing person from the other app (found by unionid only; app A's openid attached) ─
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.None, false, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.None, false, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.None, true, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.None, true, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.FieldMatching, false, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.FieldMatching, false, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.FieldMatching, true, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.FieldMatching, true, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.AskToBind, false, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.AskToBind, false, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.AskToBind, true, false, MatrixOutcome.SignedIn, 1, "oA oB u")]
    [InlineData(true, MatrixPerson.OtherApp, BindingPolicy.AskToBind, true, true, MatrixOutcome.SignedIn, 2, "oA oB u")]
    public async Task Matrix_an_arrival_resolves_to_exactly_the_expected_users_and_identities(
        bool unionId, MatrixPerson person, string policy, bool loginOnly, bool phoneOwnedByAnother,
        MatrixOutcome outcome, int usersAfter, string identitiesAfter)
    {
        Assert.False(person == MatrixPerson.OtherApp && !unionId, "without a unionid nothing leads from app B to app A");
        var pool = await NewPoolAsync();
        var union = unionId ? "u" : null;

        // The pool before the arrival.
        var phoneOwner = phoneOwnedByAnother
            ? await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Phone, MatrixPhone, Verified: true)]))
            : null;
        string? existingId = person switch
        {
            MatrixPerson.Existing => Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool, appId: MatrixAppA, slug: "a"), "oA", union))).User.Id,
            MatrixPerson.OtherApp => Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool, appId: MatrixAppB, slug: "b"), "oB", union))).User.Id,
            _ => null,
        };
        var before = await MatrixPoolIdentitiesAsync(pool);

        // The arrival under test.
        var arrival = Arrive(Conn(pool, policy, loginOnly, MatrixAppA, "a"), "oA", union, phoneOwnedByAnother ? MatrixPhone : null);
        var result = await Resolver.ResolveAsync(arrival);

        Assert.Equal(usersAfter, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
        var after = await MatrixPoolIdentitiesAsync(pool);

        string? resultingId = null;
        switch (outcome)
        {
            case MatrixOutcome.Created:
                var created = Assert.IsType<Resolution.SignedIn>(result);
                Assert.True(created.Created);
                Assert.Empty(created.Attached);
                Assert.NotEqual(phoneOwner?.Id, created.User.Id);
                // With policy none a phone someone else owns stays theirs: on the new profile, not a way in.
                Assert.Equal(phoneOwnedByAnother ? MatrixPhone : null, created.User.Profile.PhoneNumber);
                resultingId = created.User.Id;
                break;
            case MatrixOutcome.SignedIn:
            case MatrixOutcome.Linked:
                var signedIn = Assert.IsType<Resolution.SignedIn>(result);
                Assert.False(signedIn.Created);
                Assert.Equal(outcome == MatrixOutcome.Linked ? phoneOwner!.Id : existingId, signedIn.User.Id);
                resultingId = signedIn.User.Id;
                // Attached names exactly the identities this arrival added to the account.
                var added = after.Where(i => i.UserId == resultingId).Except(before).Select(i => i.Kind).Order(StringComparer.Ordinal);
                Assert.Equal(added, signedIn.Attached.Order(StringComparer.Ordinal));
                break;
            case MatrixOutcome.Ask:
            case MatrixOutcome.AskLinkOnly:
                Assert.Equal(outcome == MatrixOutcome.Ask, Assert.IsType<Resolution.AskToBind>(result).MayCreate);
                break;
            case MatrixOutcome.RefusedLoginOnly:
                Assert.Equal(RefusalReason.LoginOnly, Assert.IsType<Resolution.Refused>(result).Reason);
                break;
        }

        if (resultingId is null)
        {
            // Refused or asked: nothing was created, linked or attached anywhere in the pool.
            Assert.Equal(before, after);
            return;
        }
        Assert.Equal(MatrixExpected(identitiesAfter), after.Where(i => i.UserId == resultingId).Select(i => (i.Kind, i.Identifier)));
        // Every other account keeps exactly what it had.
        Assert.Equal(before.Where(i => i.UserId != resultingId), after.Where(i => i.UserId != resultingId));
    }

    private static List<(string Kind, string Identifier)> MatrixExpected(string tokens) =>
        tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t switch
        {
            "oA" => (IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(MatrixAppA, "oA")),
            "oB" => (IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(MatrixAppB, "oB")),
            "u" => (IdentityKind.WeChatUnionId, "u"),
            "ph" => (IdentityKind.Phone, MatrixPhone),
            _ => throw new ArgumentException("unknown identity token " + t),
        }).OrderBy(i => i.Item1, StringComparer.Ordinal).ThenBy(i => i.Item2, StringComparer.Ordinal).ToList();

    private sealed record MatrixIdentity(string UserId, string Kind, string Identifier);

    private async Task<List<MatrixIdentity>> MatrixPoolIdentitiesAsync(string pool)
    {
        await using var c = await Db.OpenAsync();
        var rows = await c.QueryAsync<(string UserId, string Kind, string Identifier)>(
            "SELECT user_id, kind, identifier FROM identities WHERE pool = @pool", new { pool });
        return rows.Select(r => new MatrixIdentity(r.UserId, r.Kind, r.Identifier))
            .OrderBy(i => i.UserId, StringComparer.Ordinal).ThenBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Identifier, StringComparer.Ordinal)
            .ToList();
    }
}
