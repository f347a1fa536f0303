using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Core.Users;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

// The account resolver against real stores: the quadrants (unionid or not × new or existing user) ×
// binding policy × login-only, selection, back-fill, snapshot, blocked, and racing first logins.
public abstract partial class StoreContract
{
    private AccountResolver Resolver => new(Users, new AuditLog(Db, Clock), new AccountChoiceStore(Db, Clock));

    private static Connection Conn(string pool, string policy = BindingPolicy.None, bool loginOnly = false, string appId = "wx00000000000000a1", string slug = "wx") => new()
    {
        Pool = pool, Slug = slug, Type = ConnectionType.MiniProgram, DisplayName = "MP", AppId = appId, BindingPolicy = policy, LoginOnly = loginOnly,
    };

    private static WeChatArrival Arrive(Connection c, string openId, string? unionId = null, string? phone = null, bool snapshot = false) => new()
    {
        Connection = c, OpenId = openId, UnionId = unionId, VerifiedPhone = phone, IsSnapshotUser = snapshot, Nickname = "微信用户",
    };

    private async Task<IReadOnlyList<(string Kind, string Identifier)>> IdentitiesOf(string pool, string userId) =>
        (await Users.GetIdentitiesAsync(pool, userId)).Select(i => (i.Kind, i.Identifier)).OrderBy(i => i.Kind, StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_new_wechat_user_gets_a_new_account_with_exactly_its_identities(bool hasUnionId)
    {
        var pool = await NewPoolAsync();
        var result = await Resolver.ResolveAsync(Arrive(Conn(pool), "oNEW", hasUnionId ? "uNEW" : null));

        var signedIn = Assert.IsType<Resolution.SignedIn>(result);
        Assert.True(signedIn.Created);
        // WeChat's anonymous placeholder "微信用户" is not a nickname (docs/wechat-contract.md#the-anonymous-nickname): nothing is written.
        Assert.Null(signedIn.User.Profile.Nickname);
        IReadOnlyList<(string, string)> expected = hasUnionId
            ? [(IdentityKind.WeChatOpenId, "wx00000000000000a1:oNEW"), (IdentityKind.WeChatUnionId, "uNEW")]
            : [(IdentityKind.WeChatOpenId, "wx00000000000000a1:oNEW")];
        Assert.Equal(expected, await IdentitiesOf(pool, signedIn.User.Id));
        Assert.Equal(1, (await Users.GetAsync(pool, signedIn.User.Id))!.LoginCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_existing_wechat_user_signs_in_to_the_same_account_and_nothing_new_is_made(bool hasUnionId)
    {
        var pool = await NewPoolAsync();
        var c = Conn(pool);
        var first = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oOLD", hasUnionId ? "uOLD" : null)));
        var again = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oOLD", hasUnionId ? "uOLD" : null)));
        Assert.False(again.Created);
        Assert.Equal(first.User.Id, again.User.Id);
        Assert.Empty(again.Attached);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
        Assert.Equal(2, (await Users.GetAsync(pool, first.User.Id))!.LoginCount);
    }

    [Fact]
    public async Task The_same_person_through_another_app_of_the_open_platform_reaches_the_same_account_and_gains_that_openid()
    {
        var pool = await NewPoolAsync();
        var mp = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oMP", "uSAME")));
        var web = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool, appId: "wx00000000000000b2", slug: "web"), "oWEB", "uSAME")));
        Assert.Equal(mp.User.Id, web.User.Id);
        Assert.Equal([IdentityKind.WeChatOpenId], web.Attached);
        Assert.Equal(3, (await IdentitiesOf(pool, mp.User.Id)).Count);
    }

    [Fact]
    public async Task A_unionid_is_back_filled_onto_an_account_made_before_the_app_joined_the_open_platform()
    {
        var pool = await NewPoolAsync();
        var before = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oBACK")));
        var after = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oBACK", "uBACK")));
        Assert.Equal(before.User.Id, after.User.Id);
        Assert.Equal([IdentityKind.WeChatUnionId], after.Attached);
        var events = await new AuditLog(Db, Clock).ListAsync(pool, 10, before.User.Id);
        Assert.Contains(events, e => e.Type == "login.backfilled");
    }

    [Fact]
    public async Task Two_accounts_reached_before_the_unionid_was_known_lead_to_account_selection()
    {
        var pool = await NewPoolAsync();
        var viaMp = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oMP2", "uTWO")));
        var viaWebOld = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool, appId: "wx00000000000000b2", slug: "web"), "oWEB2")));
        Assert.NotEqual(viaMp.User.Id, viaWebOld.User.Id);

        var arrival = Arrive(Conn(pool, appId: "wx00000000000000b2", slug: "web"), "oWEB2", "uTWO");
        var select = Assert.IsType<Resolution.SelectAccount>(await Resolver.ResolveAsync(arrival));
        Assert.Equal([viaMp.User.Id, viaWebOld.User.Id], select.Candidates.Select(u => u.Id));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));

        // The person picks the older web account: signed in there, remembered, nothing moved.
        Assert.IsType<Resolution.Refused>(await Resolver.ChooseAsync(arrival, "someone-else"));
        var chosen = Assert.IsType<Resolution.SignedIn>(await Resolver.ChooseAsync(arrival, viaWebOld.User.Id));
        Assert.Equal(viaWebOld.User.Id, chosen.User.Id);
        Assert.Empty(chosen.Attached);
        Assert.Equal(viaWebOld.User.Id, Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(arrival)).User.Id);
        Assert.Equal(2, (await IdentitiesOf(pool, viaMp.User.Id)).Count);
        Assert.Single(await IdentitiesOf(pool, viaWebOld.User.Id));
    }

    [Theory]
    [InlineData(BindingPolicy.None, false, "created")]
    [InlineData(BindingPolicy.None, true, "refused")]
    [InlineData(BindingPolicy.FieldMatching, false, "linked")]
    [InlineData(BindingPolicy.FieldMatching, true, "linked")]
    [InlineData(BindingPolicy.AskToBind, false, "ask")]
    [InlineData(BindingPolicy.AskToBind, true, "ask-link-only")]
    public async Task A_new_wechat_user_with_a_verified_phone_of_an_existing_account_follows_the_binding_policy(string policy, bool loginOnly, string expected)
    {
        var pool = await NewPoolAsync();
        var owner = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Phone, "+8613800000099", Verified: true)]));

        var result = await Resolver.ResolveAsync(Arrive(Conn(pool, policy, loginOnly), "oPHONE", "uPHONE", "+8613800000099"));

        switch (expected)
        {
            case "linked":
                var linked = Assert.IsType<Resolution.SignedIn>(result);
                Assert.Equal(owner.Id, linked.User.Id);
                Assert.Equal(3, (await IdentitiesOf(pool, owner.Id)).Count);
                break;
            case "created":
                // Without field matching nothing is linked: a new account, which keeps the WeChat-verified
                // number on its profile but not as a way in, since the existing account owns that.
                var created = Assert.IsType<Resolution.SignedIn>(result);
                Assert.True(created.Created);
                Assert.NotEqual(owner.Id, created.User.Id);
                Assert.Equal("+8613800000099", created.User.Profile.PhoneNumber);
                Assert.Equal(2, (await IdentitiesOf(pool, created.User.Id)).Count);
                break;
            case "ask":
            case "ask-link-only":
                Assert.Equal(expected == "ask", Assert.IsType<Resolution.AskToBind>(result).MayCreate);
                break;
            default:
                Assert.Equal(RefusalReason.LoginOnly, Assert.IsType<Resolution.Refused>(result).Reason);
                break;
        }
        if (expected is not "linked")
            Assert.Single(await IdentitiesOf(pool, owner.Id));
    }

    // Field matching needs both sides verified: a number or address an admin typed and nobody proved
    // could belong to anyone, so it is matched only once an admin marks the profile's value verified.
    [Theory]
    [InlineData(IdentityKind.Phone, false, false, false)]
    [InlineData(IdentityKind.Phone, false, true, true)]
    [InlineData(IdentityKind.Phone, true, false, true)]
    [InlineData(IdentityKind.Email, false, false, false)]
    [InlineData(IdentityKind.Email, false, true, true)]
    [InlineData(IdentityKind.Email, true, false, true)]
    public async Task Field_matching_links_only_to_an_account_whose_phone_or_email_is_verified_too(string kind, bool identityVerified, bool profileVerified, bool links)
    {
        var pool = await NewPoolAsync();
        const string phone = "+8613800000055", email = "mei@example.com";
        var isPhone = kind == IdentityKind.Phone;
        var profile = isPhone
            ? new UserProfile { PhoneNumber = phone, PhoneNumberVerified = profileVerified }
            : new UserProfile { Email = email, EmailVerified = profileVerified };
        var owner = await Users.CreateAsync(new NewUser(pool, profile, [new(kind, isPhone ? phone : email, Verified: identityVerified)]));

        var arrival = Arrive(Conn(pool, BindingPolicy.FieldMatching), "oFIELD", "uFIELD", isPhone ? phone : null) with { VerifiedEmail = isPhone ? null : " Mei@Example.com " };
        var signedIn = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(arrival));

        Assert.Equal(links, signedIn.User.Id == owner.Id);
        Assert.Equal(!links, signedIn.Created);
        if (links)
        {
            Assert.Equal(3, (await IdentitiesOf(pool, owner.Id)).Count);
            return;
        }
        // Not linked: a new account with the WeChat identities; the value stays the owner's way in.
        Assert.Equal([(IdentityKind.WeChatOpenId, "wx00000000000000a1:oFIELD"), (IdentityKind.WeChatUnionId, "uFIELD")], await IdentitiesOf(pool, signedIn.User.Id));
        Assert.Equal(isPhone ? phone : email, isPhone ? signedIn.User.Profile.PhoneNumber : signedIn.User.Profile.Email);
        Assert.Single(await IdentitiesOf(pool, owner.Id));
    }

    [Fact]
    public async Task A_new_account_takes_a_vouched_email_as_a_verified_way_in()
    {
        var pool = await NewPoolAsync();
        var arrival = Arrive(Conn(pool), "oMAIL") with { VerifiedEmail = "Lan@Example.com" };
        var created = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(arrival));
        Assert.Equal("lan@example.com", created.User.Profile.Email);
        Assert.True(created.User.Profile.EmailVerified);
        var identity = Assert.Single(await Users.GetIdentitiesAsync(pool, created.User.Id), i => i.Kind == IdentityKind.Email);
        Assert.Equal("lan@example.com", identity.Identifier);
        Assert.True(identity.Verified);
    }

    [Fact]
    public async Task A_phone_an_existing_user_shares_is_recorded_unless_another_account_signs_in_with_it()
    {
        var pool = await NewPoolAsync();
        var c = Conn(pool);
        var user = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oSHARE", "uSHARE"))).User;

        var shared = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oSHARE", "uSHARE", "+8613800000077")));
        Assert.Equal(user.Id, shared.User.Id);
        Assert.Equal([IdentityKind.Phone], shared.Attached);
        Assert.Equal("+8613800000077", shared.User.Profile.PhoneNumber);
        Assert.True(shared.User.Profile.PhoneNumberVerified);
        Assert.True(Assert.Single(await Users.GetIdentitiesAsync(pool, user.Id), i => i.Kind == IdentityKind.Phone).Verified);

        // Another person shares a number an account already signs in with: signed in, the number stays there.
        var owner = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Phone, "+8613800000088", Verified: true)]));
        var other = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oOTHER2", "uOTHER2")));
        var again = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oOTHER2", "uOTHER2", "+8613800000088")));
        Assert.Equal(other.User.Id, again.User.Id);
        Assert.Empty(again.Attached);
        Assert.Null(again.User.Profile.PhoneNumber);
        Assert.DoesNotContain(await IdentitiesOf(pool, other.User.Id), i => i.Kind == IdentityKind.Phone);
        Assert.Equal(owner.Id, (await Users.FindByIdentityAsync(pool, IdentityKind.Phone, "+8613800000088"))!.Id);
        var events = await new AuditLog(Db, Clock).ListAsync(pool, 10, other.User.Id);
        Assert.Contains(events, e => e.Type == "login.not_attached" && e.Reason!.Contains("phone", StringComparison.Ordinal) && !e.Reason.Contains("0088", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_to_bind_creates_when_asked_binds_a_proven_account_and_refuses_an_account_bound_to_another_wechat()
    {
        var pool = await NewPoolAsync();
        var ask = Conn(pool, BindingPolicy.AskToBind);
        var existing = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Email, "li@example.com")]));

        var arrival = Arrive(ask, "oBIND", "uBIND");
        Assert.IsType<Resolution.AskToBind>(await Resolver.ResolveAsync(arrival));
        var bound = Assert.IsType<Resolution.SignedIn>(await Resolver.BindExistingAsync(arrival, existing.Id, "password"));
        Assert.Equal(existing.Id, bound.User.Id);
        Assert.Equal(3, (await IdentitiesOf(pool, existing.Id)).Count);
        Assert.Equal(existing.Id, Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(arrival)).User.Id);

        // Another WeChat user of the same app cannot bind the same account.
        var other = Arrive(ask, "oOTHER", "uOTHER");
        Assert.Equal(RefusalReason.AlreadyBound, Assert.IsType<Resolution.Refused>(await Resolver.BindExistingAsync(other, existing.Id, "password")).Reason);
        var created = Assert.IsType<Resolution.SignedIn>(await Resolver.CreateForArrivalAsync(other));
        Assert.True(created.Created);
        Assert.Equal(RefusalReason.LoginOnly, Assert.IsType<Resolution.Refused>(await Resolver.CreateForArrivalAsync(Arrive(Conn(pool, BindingPolicy.AskToBind, loginOnly: true), "oLO"))).Reason);
    }

    [Fact]
    public async Task Snapshot_users_are_never_matched_created_or_linked_and_blocked_users_are_refused()
    {
        var pool = await NewPoolAsync();
        var snapshot = Assert.IsType<Resolution.Refused>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oSNAP", "uSNAP", snapshot: true)));
        Assert.Equal(RefusalReason.Snapshot, snapshot.Reason);
        Assert.Contains("使用完整服务", snapshot.UserMessage, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));

        var user = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oBLK"))).User;
        await Users.SetBlockedAsync(pool, user.Id, true);
        Assert.Equal(RefusalReason.Blocked, Assert.IsType<Resolution.Refused>(await Resolver.ResolveAsync(Arrive(Conn(pool), "oBLK"))).Reason);
    }

    [Fact]
    public async Task Simultaneous_first_logins_of_one_persona_through_two_apps_make_exactly_one_account()
    {
        for (var round = 0; round < 10; round++)
        {
            var pool = await NewPoolAsync();
            var mp = Conn(pool);
            var web = Conn(pool, appId: "wx00000000000000b2", slug: "web");
            using var start = new ManualResetEventSlim(false);
            var tasks = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await Resolver.ResolveAsync(i % 2 == 0 ? Arrive(mp, "oRACE", "uRACE") : Arrive(web, "oRACEWEB", "uRACE"));
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(tasks);

            var ids = results.Select(r => Assert.IsType<Resolution.SignedIn>(r).User.Id).Distinct().ToList();
            Assert.Single(ids);
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
            Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM identities WHERE pool = @pool", new { pool }));
        }
    }
}
