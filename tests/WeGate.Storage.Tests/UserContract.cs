using WeGate.Core.Users;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task A_user_is_found_by_each_of_its_identities()
    {
        var pool = await NewPoolAsync();
        var created = await Users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "阿明", PhoneNumber = "+8613800000001", PhoneNumberVerified = true },
            [new(IdentityKind.WeChatOpenId, "wxaaaa:oOPENID1", "wx-follow"), new(IdentityKind.WeChatUnionId, "oUNION1")]));

        var byOpenId = await Users.FindByIdentityAsync(pool, IdentityKind.WeChatOpenId, "wxaaaa:oOPENID1");
        var byUnionId = await Users.FindByIdentityAsync(pool, IdentityKind.WeChatUnionId, "oUNION1");
        Assert.Equal(created.Id, byOpenId!.Id);
        Assert.Equal(created.Id, byUnionId!.Id);
        Assert.Equal("阿明", byOpenId.Profile.Nickname);
        Assert.True(byOpenId.Profile.PhoneNumberVerified);
        Assert.Null(await Users.FindByIdentityAsync(pool, IdentityKind.WeChatUnionId, "oUNION2"));

        var identities = await Users.GetIdentitiesAsync(pool, created.Id);
        Assert.Equal([IdentityKind.WeChatOpenId, IdentityKind.WeChatUnionId], identities.Select(i => i.Kind).Order(StringComparer.Ordinal));
        Assert.Equal("wx-follow", identities.Single(i => i.Kind == IdentityKind.WeChatOpenId).ConnectionSlug);
    }

    [Fact]
    public async Task Creating_a_user_with_a_taken_identifier_fails_and_leaves_no_user_behind()
    {
        var pool = await NewPoolAsync();
        await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.WeChatUnionId, "oTAKEN")]));
        var before = await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool });

        var e = await Assert.ThrowsAsync<IdentityConflictException>(() => Users.CreateAsync(new NewUser(pool, UserProfile.Empty,
            [new(IdentityKind.Phone, "+8613800000002"), new(IdentityKind.WeChatUnionId, "oTAKEN")])));

        Assert.Equal(IdentityKind.WeChatUnionId, e.Kind);
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
        Assert.Null(await Users.FindByIdentityAsync(pool, IdentityKind.Phone, "+8613800000002"));
    }

    [Fact]
    public async Task The_same_identifier_may_exist_once_per_kind_and_once_per_pool()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Email, "same")]));
        await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Password, "same")]));
        await Users.CreateAsync(new NewUser(other, UserProfile.Empty, [new(IdentityKind.Email, "same")]));
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM identities WHERE identifier = 'same' AND pool IN (@pool, @other)", new { pool, other }));
    }

    [Fact]
    public async Task Concurrent_first_logins_with_one_identifier_create_exactly_one_user()
    {
        var pool = await NewPoolAsync();
        const int racers = 32;
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                return await Users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "racer" + i },
                    [new(IdentityKind.WeChatOpenId, "wxrace:oRACER"), new(IdentityKind.WeChatUnionId, "oRACEUNION")]));
            }
            catch (IdentityConflictException)
            {
                return null;
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM identities WHERE pool = @pool", new { pool }));
        var winner = results.Single(r => r is not null)!;
        Assert.Equal(winner.Id, (await Users.FindByIdentityAsync(pool, IdentityKind.WeChatUnionId, "oRACEUNION"))!.Id);
    }

    [Fact]
    public async Task Attaching_an_identity_links_it_and_a_taken_one_is_refused()
    {
        var pool = await NewPoolAsync();
        var a = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.WeChatOpenId, "wxa:o1")]));
        var b = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.WeChatOpenId, "wxa:o2")]));

        var added = await Users.AddIdentityAsync(pool, a.Id, new NewIdentity(IdentityKind.WeChatUnionId, "oU", Verified: true));
        Assert.Equal(a.Id, added.UserId);
        Assert.Equal(a.Id, (await Users.FindByIdentityAsync(pool, IdentityKind.WeChatUnionId, "oU"))!.Id);

        await Assert.ThrowsAsync<IdentityConflictException>(() => Users.AddIdentityAsync(pool, b.Id, new NewIdentity(IdentityKind.WeChatUnionId, "oU")));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Users.AddIdentityAsync(pool, "nobody", new NewIdentity(IdentityKind.Email, "x@example.com")));
        Assert.Single(await Users.GetIdentitiesAsync(pool, b.Id));
    }

    [Fact]
    public async Task Users_are_searched_by_phone_email_openid_and_unionid()
    {
        var pool = await NewPoolAsync();
        var phoneUser = await Users.CreateAsync(new NewUser(pool, new UserProfile { PhoneNumber = "+8613800000003" }, []));
        var phoneIdentityUser = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Phone, "+8613800000004")]));
        var emailUser = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Email, "ming@example.com")]));
        var wechatUser = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty,
            [new(IdentityKind.WeChatOpenId, "wx0123456789abcdef:o_A%B"), new(IdentityKind.WeChatUnionId, "oUNIONSEARCH")]));
        await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oXAYB")]));

        Assert.Equal([phoneUser.Id], (await Users.ListAsync(pool, new UserQuery(Phone: "+8613800000003"))).Users.Select(u => u.Id));
        Assert.Equal([phoneIdentityUser.Id], (await Users.ListAsync(pool, new UserQuery(Phone: "+8613800000004"))).Users.Select(u => u.Id));
        Assert.Equal([emailUser.Id], (await Users.ListAsync(pool, new UserQuery(Email: "Ming@Example.com"))).Users.Select(u => u.Id));
        Assert.Equal([wechatUser.Id], (await Users.ListAsync(pool, new UserQuery(UnionId: "oUNIONSEARCH"))).Users.Select(u => u.Id));
        Assert.Equal([wechatUser.Id], (await Users.ListAsync(pool, new UserQuery(OpenId: "wx0123456789abcdef:o_A%B"))).Users.Select(u => u.Id));
        // A bare openid matches any app's; LIKE wildcards in it are literal.
        Assert.Equal([wechatUser.Id], (await Users.ListAsync(pool, new UserQuery(OpenId: "o_A%B"))).Users.Select(u => u.Id));
        Assert.Empty((await Users.ListAsync(pool, new UserQuery(OpenId: "o_A"))).Users);
    }

    [Fact]
    public async Task Users_are_searched_by_part_of_their_name_or_nickname_in_any_case_with_wildcards_literal()
    {
        var pool = await NewPoolAsync();
        var zhang = await Users.CreateAsync(new NewUser(pool, new UserProfile { Name = "张三", Nickname = "Xiao_Zhang" }, []));
        var ming = await Users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "小明" }, []));
        var percent = await Users.CreateAsync(new NewUser(pool, new UserProfile { Name = "100% Ming" }, []));
        await Users.CreateAsync(new NewUser(pool, new UserProfile { Name = "XiaoAZhang", Nickname = "1000 Ming" }, []));

        async Task<IEnumerable<string>> Find(string name, int limit = 50) =>
            (await Users.ListAsync(pool, new UserQuery(Name: name, Limit: limit))).Users.Select(u => u.Id);
        Assert.Equal([zhang.Id], await Find("张"));
        Assert.Equal([ming.Id], await Find("明"));
        Assert.Equal([zhang.Id], await Find("xiao_zhang"));
        Assert.Equal([percent.Id], await Find("0% m"));
        Assert.Empty(await Find("\\"));
        Assert.Equal(3, (await Find("I")).Count());
        var page = await Users.ListAsync(pool, new UserQuery(Name: "i", Limit: 2));
        Assert.Equal(2, page.Users.Count);
        Assert.NotNull(page.Next);
        Assert.Single((await Users.ListAsync(pool, new UserQuery(Name: "i", After: page.Next))).Users);
        Assert.Empty((await Users.ListAsync(pool, new UserQuery(Name: "小", Email: "nobody@example.com"))).Users);
    }

    [Fact]
    public async Task Listing_users_pages_through_every_user_exactly_once()
    {
        var pool = await NewPoolAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
            ids.Add((await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, []))).Id);

        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await Users.ListAsync(pool, new UserQuery(After: after, Limit: 3));
            Assert.True(page.Users.Count <= 3);
            seen.AddRange(page.Users.Select(u => u.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Blocking_and_unblocking_a_user_is_stored()
    {
        var pool = await NewPoolAsync();
        var user = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, []));
        Assert.True(await Users.SetBlockedAsync(pool, user.Id, true));
        Assert.True((await Users.GetAsync(pool, user.Id))!.Blocked);
        Assert.True(await Users.SetBlockedAsync(pool, user.Id, false));
        Assert.False((await Users.GetAsync(pool, user.Id))!.Blocked);
        Assert.False(await Users.SetBlockedAsync(pool, "nobody", true));
        Assert.Null(await Users.GetAsync("another-pool", user.Id));
    }
}
