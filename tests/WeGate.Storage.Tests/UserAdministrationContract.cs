using WeGate.Core.Authorization;
using WeGate.Core.Sessions;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Storage.Tests;

// Profile fill and admin edits, merging users and unlinking identities (docs/admin-api.md#users).
public abstract partial class StoreContract
{
    private Task<User> UserWithAsync(string pool, UserProfile profile, params NewIdentity[] identities) =>
        Users.CreateAsync(new NewUser(pool, profile, identities));

    [Fact]
    public async Task Filling_a_profile_writes_only_empty_fields_and_never_the_wechat_placeholder()
    {
        var pool = await NewPoolAsync();
        var empty = await UserWithAsync(pool, new UserProfile { Nickname = "" });
        var set = await UserWithAsync(pool, new UserProfile { Nickname = "Ming", Picture = "https://example.com/ming.png" });
        var placeholder = await UserWithAsync(pool, new UserProfile { Nickname = UserProfile.WeChatPlaceholderNickname });

        Assert.True(await Users.FillProfileAsync(pool, empty.Id, "阿明", "https://thirdwx.qlogo.cn/a/132"));
        Assert.False(await Users.FillProfileAsync(pool, set.Id, "阿明", "https://thirdwx.qlogo.cn/a/132"));
        Assert.False(await Users.FillProfileAsync(pool, empty.Id, UserProfile.WeChatPlaceholderNickname, null));
        Assert.True(await Users.FillProfileAsync(pool, placeholder.Id, "阿红", null));
        Assert.False(await Users.FillProfileAsync(pool, "nobody", "x", null));

        Assert.Equal(("阿明", "https://thirdwx.qlogo.cn/a/132"), Of(await Users.GetAsync(pool, empty.Id)));
        Assert.Equal(("Ming", "https://example.com/ming.png"), Of(await Users.GetAsync(pool, set.Id)));
        Assert.Equal("阿红", (await Users.GetAsync(pool, placeholder.Id))!.Profile.Nickname);

        var blank = await UserWithAsync(pool, UserProfile.Empty);
        Assert.False(await Users.FillProfileAsync(pool, blank.Id, UserProfile.WeChatPlaceholderNickname, ""));
        Assert.Equal((null, null), Of(await Users.GetAsync(pool, blank.Id)));

        static (string?, string?) Of(User? u) => (u!.Profile.Nickname, u.Profile.Picture);
    }

    [Fact]
    public async Task Racing_fills_and_an_admin_edit_leave_one_value_that_later_fills_do_not_change()
    {
        var pool = await NewPoolAsync();
        var user = await UserWithAsync(pool, UserProfile.Empty);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Users.FillProfileAsync(pool, user.Id, "n" + i, null))));
        Assert.Single(results, filled => filled);
        var winner = (await Users.GetAsync(pool, user.Id))!.Profile.Nickname;
        Assert.Equal("n" + Array.IndexOf(results, true), winner);

        await Users.UpdateProfileAsync(pool, user.Id, new ProfileChange { Nickname = "Set by admin" });
        Assert.False(await Users.FillProfileAsync(pool, user.Id, "from WeChat", null));
        Assert.Equal("Set by admin", (await Users.GetAsync(pool, user.Id))!.Profile.Nickname);
    }

    [Fact]
    public async Task An_admin_edit_sets_and_clears_fields_and_a_changed_email_or_phone_is_unverified_unless_said()
    {
        var pool = await NewPoolAsync();
        var user = await UserWithAsync(pool, new UserProfile
        {
            Name = "Wang Ming", Gender = "male", Email = "ming@example.com", EmailVerified = true, PhoneNumber = "+8613800000001", PhoneNumberVerified = true,
        });

        var changed = await Users.UpdateProfileAsync(pool, user.Id, new ProfileChange { Name = "", Locale = "zh-CN", Email = "wang@example.com", PhoneNumber = "+8613800000001" });
        var stored = (await Users.GetAsync(pool, user.Id))!.Profile;
        Assert.Equal(changed!.Profile, stored);
        Assert.Null(stored.Name);
        Assert.Equal(("male", "zh-CN"), (stored.Gender, stored.Locale));
        Assert.Equal(("wang@example.com", false), (stored.Email, stored.EmailVerified));
        Assert.Equal(("+8613800000001", true), (stored.PhoneNumber, stored.PhoneNumberVerified));

        var refused = await Assert.ThrowsAsync<DomainValidationException>(() => Users.UpdateProfileAsync(pool, user.Id, new ProfileChange { Email = "", EmailVerified = true }));
        Assert.Contains("email_verified", refused.Errors.Keys);
        Assert.Equal("wang@example.com", (await Users.GetAsync(pool, user.Id))!.Profile.Email);
        Assert.Null(await Users.UpdateProfileAsync(pool, "nobody", new ProfileChange { Name = "x" }));
    }

    [Fact]
    public async Task Merging_moves_every_identity_fills_the_targets_empty_fields_and_deletes_the_source()
    {
        var pool = await NewPoolAsync();
        var target = await UserWithAsync(pool, new UserProfile { Nickname = "Ming", Email = "ming@example.com" },
            new(IdentityKind.WeChatOpenId, "wxaa:oT"), new(IdentityKind.Email, "ming@example.com"));
        var source = await UserWithAsync(pool, new UserProfile { Nickname = "阿明", Picture = "https://example.com/p.png", PhoneNumber = "+8613800000002", PhoneNumberVerified = true },
            new(IdentityKind.WeChatOpenId, "wxbb:oS"), new(IdentityKind.WeChatUnionId, "uS"), new(IdentityKind.Phone, "+8613800000002"));
        await Users.RecordLoginAsync(pool, target.Id);
        await Users.RecordLoginAsync(pool, source.Id);
        await Users.RecordLoginAsync(pool, source.Id);
        var sourceIdentities = await Users.GetIdentitiesAsync(pool, source.Id);

        var merged = Assert.IsType<MergeOutcome.Merged>(await Users.MergeAsync(pool, target.Id, source.Id));

        Assert.Equal(sourceIdentities.Select(i => i.Id).Order(StringComparer.Ordinal), merged.MovedIdentities.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(merged.MovedIdentities, i => Assert.Equal(target.Id, i.UserId));
        Assert.Equal(5, (await Users.GetIdentitiesAsync(pool, target.Id)).Count);
        Assert.Equal(target.Id, (await Users.FindByIdentityAsync(pool, IdentityKind.WeChatUnionId, "uS"))!.Id);
        Assert.Null(await Users.GetAsync(pool, source.Id));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM identities WHERE user_id = @id", new { id = source.Id }));

        var profile = merged.Target.Profile;
        Assert.Equal(("Ming", "ming@example.com"), (profile.Nickname, profile.Email));
        Assert.Equal(("https://example.com/p.png", "+8613800000002", true), (profile.Picture, profile.PhoneNumber, profile.PhoneNumberVerified));
        Assert.Equal(3, merged.Target.LoginCount);
        Assert.Equal(merged.Target, await Users.GetAsync(pool, target.Id));
    }

    [Fact]
    public async Task Merging_revokes_the_sources_grants_refresh_tokens_and_sessions_and_keeps_the_targets()
    {
        var pool = await NewPoolAsync();
        var target = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wxaa:oT2"));
        var source = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wxaa:oS2"));
        var grants = new GrantStore(Db, Clock);
        var tokens = new RefreshTokenStore(Db, Clock);
        var sessions = new SessionStore(Db, Clock);
        foreach (var (user, tag) in new[] { (target, "t"), (source, "s") })
        {
            await sessions.CreateAsync(new SsoSession("sess-" + tag, pool, user.Id, Clock.GetUtcNow(), "wechat", Clock.GetUtcNow().AddHours(1)));
            await grants.CreateAsync(new Grant("grant-" + tag, pool, "client", user.Id, "sess-" + tag, "openid", default, false));
            await grants.CreateAsync(new Grant("grant-cc-" + tag, pool, "client", user.Id, null, "openid", default, false));
            await tokens.CreateAsync(new RefreshToken("rt-" + tag, pool, "grant-" + tag, "client", user.Id, "sess-" + tag, "openid", Clock.GetUtcNow().AddDays(1)));
            await tokens.CreateAsync(new RefreshToken("rt-cc-" + tag, pool, "grant-cc-" + tag, "client", user.Id, null, "openid", Clock.GetUtcNow().AddDays(1)));
        }

        var merged = Assert.IsType<MergeOutcome.Merged>(await Users.MergeAsync(pool, target.Id, source.Id));

        Assert.Equal(new Revocations(Grants: 2, RefreshTokens: 2, Sessions: 1), merged.Revoked);
        Assert.Null(await sessions.GetAsync(pool, "sess-s"));
        Assert.True((await grants.GetAsync(pool, "grant-s"))!.Revoked);
        Assert.True((await grants.GetAsync(pool, "grant-cc-s"))!.Revoked);
        Assert.Null(await tokens.FindLiveAsync(pool, "rt-s"));
        Assert.IsType<RefreshRotation.Invalid>(await tokens.RotateAsync(pool, "rt-cc-s", o => o with { TokenHash = "rt-cc-s2" }));

        Assert.NotNull(await sessions.GetAsync(pool, "sess-t"));
        Assert.False((await grants.GetAsync(pool, "grant-t"))!.Revoked);
        Assert.NotNull(await tokens.FindLiveAsync(pool, "rt-t"));
        Assert.NotNull(await tokens.FindLiveAsync(pool, "rt-cc-t"));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task The_sources_password_moves_only_when_the_target_has_none(bool targetHasPassword, bool sourceHasPassword)
    {
        var pool = await NewPoolAsync();
        var passwords = new PasswordStore(Db, Clock);
        var target = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.Password, "target-login"));
        var source = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.Password, "source-login"));
        if (targetHasPassword)
            await passwords.SetAsync(target.Id, "target-hash");
        if (sourceHasPassword)
            await passwords.SetAsync(source.Id, "source-hash");

        var merged = Assert.IsType<MergeOutcome.Merged>(await Users.MergeAsync(pool, target.Id, source.Id));

        Assert.Equal(!targetHasPassword && sourceHasPassword, merged.PasswordMoved);
        Assert.Equal(targetHasPassword ? "target-hash" : "source-hash", (await passwords.GetAsync(target.Id))!.Hash);
        Assert.Null(await passwords.GetAsync(source.Id));
        Assert.Equal(target.Id, (await Users.FindByIdentityAsync(pool, IdentityKind.Password, "source-login"))!.Id);
    }

    [Fact]
    public async Task A_merge_with_an_unknown_user_one_of_another_pool_or_a_block_on_only_one_side_changes_nothing()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var a = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wxaa:oA"));
        var b = await UserWithAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wxaa:oB"));
        var elsewhere = await UserWithAsync(other, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wxaa:oC"));

        Assert.Equal("nobody", Assert.IsType<MergeOutcome.UserNotFound>(await Users.MergeAsync(pool, a.Id, "nobody")).UserId);
        Assert.Equal("nobody", Assert.IsType<MergeOutcome.UserNotFound>(await Users.MergeAsync(pool, "nobody", a.Id)).UserId);
        Assert.Equal(elsewhere.Id, Assert.IsType<MergeOutcome.UserNotFound>(await Users.MergeAsync(pool, a.Id, elsewhere.Id)).UserId);
        await Assert.ThrowsAsync<ArgumentException>(() => Users.MergeAsync(pool, a.Id, a.Id));

        await Users.SetBlockedAsync(pool, b.Id, true);
        Assert.Equal(b.Id, Assert.IsType<MergeOutcome.BlockedDiffers>(await Users.MergeAsync(pool, a.Id, b.Id)).BlockedUserId);
        Assert.Equal(b.Id, Assert.IsType<MergeOutcome.BlockedDiffers>(await Users.MergeAsync(pool, b.Id, a.Id)).BlockedUserId);
        Assert.Single(await Users.GetIdentitiesAsync(pool, a.Id));
        Assert.Single(await Users.GetIdentitiesAsync(pool, b.Id));
        Assert.Single(await Users.GetIdentitiesAsync(other, elsewhere.Id));

        await Users.SetBlockedAsync(pool, a.Id, true);
        Assert.True(Assert.IsType<MergeOutcome.Merged>(await Users.MergeAsync(pool, a.Id, b.Id)).Target.Blocked);
    }

    [Fact]
    public async Task The_last_way_in_is_never_unlinked_and_a_login_name_counts_only_with_a_password()
    {
        var pool = await NewPoolAsync();
        var user = await UserWithAsync(pool, UserProfile.Empty, new(IdentityKind.WeChatOpenId, "wxaa:oU"), new(IdentityKind.Password, "ming"));
        var ids = (await Users.GetIdentitiesAsync(pool, user.Id)).ToDictionary(i => i.Kind, i => i.Id);

        var last = Assert.IsType<UnlinkOutcome.LastWayIn>(await Users.UnlinkIdentityAsync(pool, user.Id, ids[IdentityKind.WeChatOpenId]));
        Assert.Equal(IdentityKind.WeChatOpenId, last.Identity.Kind);
        await new PasswordStore(Db, Clock).SetAsync(user.Id, "hash");
        Assert.IsType<UnlinkOutcome.Unlinked>(await Users.UnlinkIdentityAsync(pool, user.Id, ids[IdentityKind.WeChatOpenId]));
        Assert.IsType<UnlinkOutcome.LastWayIn>(await Users.UnlinkIdentityAsync(pool, user.Id, ids[IdentityKind.Password]));
        Assert.IsType<UnlinkOutcome.IdentityNotFound>(await Users.UnlinkIdentityAsync(pool, user.Id, ids[IdentityKind.WeChatOpenId]));
        Assert.IsType<UnlinkOutcome.UserNotFound>(await Users.UnlinkIdentityAsync(pool, "nobody", ids[IdentityKind.Password]));
        Assert.IsType<UnlinkOutcome.UserNotFound>(await Users.UnlinkIdentityAsync("other-pool", user.Id, ids[IdentityKind.Password]));

        var other = await UserWithAsync(pool, UserProfile.Empty, new(IdentityKind.Email, "a@example.com"), new(IdentityKind.Phone, "+8613800000003"));
        var otherIds = (await Users.GetIdentitiesAsync(pool, other.Id)).Select(i => i.Id).ToList();
        Assert.IsType<UnlinkOutcome.IdentityNotFound>(await Users.UnlinkIdentityAsync(pool, user.Id, otherIds[0]));
        Assert.IsType<UnlinkOutcome.Unlinked>(await Users.UnlinkIdentityAsync(pool, other.Id, otherIds[0]));
        Assert.IsType<UnlinkOutcome.LastWayIn>(await Users.UnlinkIdentityAsync(pool, other.Id, otherIds[1]));
    }

    [Fact]
    public async Task Racing_unlinks_of_a_users_two_ways_in_leave_one()
    {
        for (var round = 0; round < 5; round++)
        {
            var pool = await NewPoolAsync();
            var user = await UserWithAsync(pool, UserProfile.Empty, new(IdentityKind.WeChatOpenId, "wxaa:o1"), new(IdentityKind.WeChatUnionId, "u1"));
            var ids = (await Users.GetIdentitiesAsync(pool, user.Id)).Select(i => i.Id).ToList();
            var results = await Task.WhenAll(ids.Select(id => Task.Run(() => Users.UnlinkIdentityAsync(pool, user.Id, id))));
            Assert.Single(results.OfType<UnlinkOutcome.Unlinked>());
            Assert.Single(await Users.GetIdentitiesAsync(pool, user.Id));
        }
    }

    // Merges in a ring (each user into the next, and back) and identities attached meanwhile: whatever
    // order they run in, no identity is lost or left without its user.
    [Fact]
    public async Task Racing_merges_never_lose_an_identity_or_leave_one_without_a_user()
    {
        for (var round = 0; round < 8; round++)
        {
            var pool = await NewPoolAsync();
            var users = new List<User>();
            for (var i = 0; i < 4; i++)
                users.Add(await UserWithAsync(pool, UserProfile.Empty, new(IdentityKind.WeChatOpenId, $"wxaa:o{i}"), new(IdentityKind.WeChatUnionId, $"u{i}")));
            using var start = new ManualResetEventSlim(false);
            var merges = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                var (target, source) = i < 4 ? (users[i], users[(i + 1) % 4]) : (users[(i + 1) % 4], users[i % 4]);
                return await Users.MergeAsync(pool, target.Id, source.Id);
            })).ToList();
            var attaches = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await Users.AddIdentityAsync(pool, users[i].Id, new NewIdentity(IdentityKind.Email, $"late{i}@example.com"));
                    return true;
                }
                catch (KeyNotFoundException)
                {
                    return false; // the user had been merged away
                }
            })).ToList();
            start.Set();
            var outcomes = await Task.WhenAll(merges);
            var attached = (await Task.WhenAll(attaches)).Count(a => a);

            var mergedCount = outcomes.OfType<MergeOutcome.Merged>().Count();
            Assert.All(outcomes, o => Assert.True(o is MergeOutcome.Merged or MergeOutcome.UserNotFound, o.ToString()));
            Assert.Equal(4 - mergedCount, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
            Assert.Equal(8 + attached, await CountAsync("SELECT COUNT(*) FROM identities WHERE pool = @pool", new { pool }));
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM identities i WHERE i.pool = @pool AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)", new { pool }));
        }
    }
}
