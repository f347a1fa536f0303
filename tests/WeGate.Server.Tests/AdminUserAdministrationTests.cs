using WeGate.Core.Authorization;
using WeGate.Core.Sessions;
using WeGate.Core.Users;

namespace WeGate.Server.Tests;

// PATCH …/users/{id}, POST …/users/{id}/merge and DELETE …/users/{id}/identities/{identityId}.
public abstract partial class AdminApiContract
{
    private Task<User> NewUserAsync(string pool, UserProfile profile, params NewIdentity[] identities) =>
        Server.Service<IUserStore>().CreateAsync(new NewUser(pool, profile, identities));

    private async Task<string[]> AuditTypesAsync(string pool, string userId) =>
        (await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={userId}")).JsonAsync())
            .EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray();

    [Fact]
    public async Task An_admin_sets_and_clears_profile_fields_and_wechat_then_leaves_them_alone()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, new UserProfile { Name = "Wang", Gender = "male" });

        var response = await Admin.SendRawAsync(HttpMethod.Patch, $"/admin/api/pools/{pool}/users/{user.Id}",
            """{"nickname":" Ming ","name":"","email":"Ming@Example.com","email_verified":true,"phone_number":"+8613800000020","locale":"zh-CN","gender":null}""");

        Assert.Equal(200, (int)response.StatusCode);
        var profile = (await response.JsonAsync()).GetProperty("profile");
        Assert.Equal("Ming", profile.GetProperty("nickname").GetString());
        Assert.False(profile.TryGetProperty("name", out _));
        Assert.Equal("male", profile.GetProperty("gender").GetString());
        Assert.Equal("ming@example.com", profile.GetProperty("email").GetString());
        Assert.True(profile.GetProperty("email_verified").GetBoolean());
        Assert.False(profile.GetProperty("phone_number_verified").GetBoolean());

        Assert.False(await Server.Service<IUserStore>().FillProfileAsync(pool, user.Id, "阿明", null));
        Assert.Equal("Ming", (await Server.Service<IUserStore>().GetAsync(pool, user.Id))!.Profile.Nickname);
        var events = await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user.Id}")).JsonAsync();
        var updated = Assert.Single(events.EnumerateArray());
        Assert.Equal("admin.user.updated", updated.GetProperty("type").GetString());
        Assert.Equal("set name, nickname, email, email_verified, phone_number, locale", updated.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_profile_edit_breaking_a_rule_names_each_field_and_changes_nothing()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, new UserProfile { Nickname = "Ming" });
        var url = $"/admin/api/pools/{pool}/users/{user.Id}";

        var problem = await (await Admin.SendRawAsync(HttpMethod.Patch, url, $$"""
            {"name":"{{new string('n', 101)}}","picture":"ftp://example.com/a.png","email":"not-an-email","phone_number":"13800138000",
             "locale":"zh CN","address":"{{new string('a', 501)}}","gender":"{{new string('g', 33)}}"}
            """)).AssertProblemAsync(400);
        foreach (var field in new[] { "name", "picture", "email", "phone_number", "locale", "address", "gender" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");

        await (await Admin.SendRawAsync(HttpMethod.Patch, url, """{"phone_number_verified":true}""")).AssertProblemAsync(400, "phone_number_verified");
        await (await Admin.SendRawAsync(HttpMethod.Patch, url, "{}")).AssertProblemAsync(400, "body");
        await (await Admin.SendRawAsync(HttpMethod.Patch, url, """{"nick_name":"x"}""")).AssertProblemAsync(400, "nick_name");
        await (await Admin.SendRawAsync(HttpMethod.Patch, url, """{"email_verified":"yes"}""")).AssertProblemAsync(400, "email_verified");
        await (await Admin.SendRawAsync(HttpMethod.Patch, url, """{"nickname":"x"}""", "text/plain")).AssertProblemAsync(415);
        await (await Admin.SendRawAsync(HttpMethod.Patch, $"/admin/api/pools/{pool}/users/nobody", """{"nickname":"x"}""")).AssertProblemAsync(404);
        await (await Admin.SendRawAsync(HttpMethod.Patch, $"/admin/api/pools/no-such-pool/users/{user.Id}", """{"nickname":"x"}""")).AssertProblemAsync(404);

        Assert.Equal(new UserProfile { Nickname = "Ming" }, (await Server.Service<IUserStore>().GetAsync(pool, user.Id))!.Profile);
        Assert.Empty(await AuditTypesAsync(pool, user.Id));
    }

    [Fact]
    public async Task Merging_moves_the_identities_revokes_the_sources_tokens_and_audits_both_users()
    {
        var pool = await NewPoolAsync();
        var target = await NewUserAsync(pool, new UserProfile { Nickname = "Ming" }, new NewIdentity(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oT"));
        var source = await NewUserAsync(pool, new UserProfile { Nickname = "阿明", Picture = "https://example.com/s.png" },
            new(IdentityKind.WeChatOpenId, "wxfedcba9876543210:oS"), new(IdentityKind.WeChatUnionId, "uS"));
        var sessions = Server.Service<ISessionStore>();
        var grants = Server.Service<IGrantStore>();
        var tokens = Server.Service<IRefreshTokenStore>();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.Now.ToUnixTimeSeconds());
        await sessions.CreateAsync(new SsoSession("sess-" + source.Id, pool, source.Id, now, "wechat", now.AddHours(1)));
        await grants.CreateAsync(new Grant("grant-" + source.Id, pool, "client", source.Id, "sess-" + source.Id, "openid", default, false));
        await tokens.CreateAsync(new RefreshToken("rt-" + source.Id, pool, "grant-" + source.Id, "client", source.Id, "sess-" + source.Id, "openid", now.AddDays(1)));

        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/users/{target.Id}/merge", new { source_user_id = source.Id });

        Assert.Equal(200, (int)response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(target.Id, json.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Ming", json.GetProperty("user").GetProperty("profile").GetProperty("nickname").GetString());
        Assert.Equal("https://example.com/s.png", json.GetProperty("user").GetProperty("profile").GetProperty("picture").GetString());
        Assert.Equal(3, json.GetProperty("identities").GetArrayLength());
        var merged = json.GetProperty("merged");
        Assert.Equal(source.Id, merged.GetProperty("source_user_id").GetString());
        Assert.Equal(2, merged.GetProperty("moved_identities").GetArrayLength());
        Assert.False(merged.GetProperty("password_moved").GetBoolean());
        Assert.Equal("""{"grants":1,"refresh_tokens":1,"sessions":1}""", merged.GetProperty("revoked").GetRawText());

        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users/{source.Id}")).AssertProblemAsync(404);
        Assert.Null(await sessions.GetAsync(pool, "sess-" + source.Id));
        Assert.True((await grants.GetAsync(pool, "grant-" + source.Id))!.Revoked);
        Assert.Null(await tokens.FindLiveAsync(pool, "rt-" + source.Id));
        Assert.Equal(["admin.user.merged"], await AuditTypesAsync(pool, target.Id));
        Assert.Equal(["admin.user.merged"], await AuditTypesAsync(pool, source.Id));
        var reason = (await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={source.Id}")).JsonAsync())[0].GetProperty("reason").GetString();
        Assert.Equal($"merged {source.Id} into {target.Id}: moved 2 identities (wechat-openid, wechat-unionid); password not moved; revoked 1 grants, 1 refresh tokens, 1 sessions", reason);
    }

    [Fact]
    public async Task A_merge_into_itself_across_pools_of_unknown_users_or_with_one_side_blocked_is_refused()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var a = await NewUserAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oA"));
        var b = await NewUserAsync(pool, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oB"));
        var elsewhere = await NewUserAsync(other, UserProfile.Empty, new NewIdentity(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oC"));
        var url = $"/admin/api/pools/{pool}/users/{a.Id}/merge";

        await (await Admin.PostJsonAsync(url, new { source_user_id = a.Id })).AssertProblemAsync(400, "source_user_id");
        await (await Admin.PostJsonAsync(url, new { })).AssertProblemAsync(400, "source_user_id");
        await (await Admin.PostJsonAsync(url, new { source_user_id = new string('x', 65) })).AssertProblemAsync(400, "source_user_id");
        await (await Admin.SendRawAsync(HttpMethod.Post, url, """{"source_user_id":42}""")).AssertProblemAsync(400, "source_user_id");
        await (await Admin.SendRawAsync(HttpMethod.Post, url, """{"source":"x"}""")).AssertProblemAsync(400, "source");
        await (await Admin.SendRawAsync(HttpMethod.Post, url, "[]")).AssertProblemAsync(400);
        await (await Admin.PostJsonAsync(url, new { source_user_id = "nobody" })).AssertProblemAsync(404);
        var crossPool = await (await Admin.PostJsonAsync(url, new { source_user_id = elsewhere.Id })).AssertProblemAsync(404);
        Assert.Contains("within one pool", crossPool.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/users/nobody/merge", new { source_user_id = a.Id })).AssertProblemAsync(404);
        await (await Admin.PostJsonAsync($"/admin/api/pools/no-such-pool/users/{a.Id}/merge", new { source_user_id = b.Id })).AssertProblemAsync(404);

        await Admin.PostAsync($"/admin/api/pools/{pool}/users/{b.Id}/block", null);
        var blocked = await (await Admin.PostJsonAsync(url, new { source_user_id = b.Id })).AssertProblemAsync(409);
        Assert.Contains("lift the block", blocked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/users/{b.Id}/merge", new { source_user_id = a.Id })).AssertProblemAsync(409);

        var users = Server.Service<IUserStore>();
        Assert.Single(await users.GetIdentitiesAsync(pool, a.Id));
        Assert.Single(await users.GetIdentitiesAsync(pool, b.Id));
        Assert.Single(await users.GetIdentitiesAsync(other, elsewhere.Id));
        Assert.DoesNotContain("admin.user.merged", await AuditTypesAsync(pool, a.Id));
    }

    [Fact]
    public async Task An_identity_is_unlinked_but_never_the_last_way_in()
    {
        var pool = await NewPoolAsync();
        var user = await NewUserAsync(pool, UserProfile.Empty, new(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oU"), new(IdentityKind.Password, "ming"));
        var ids = (await Server.Service<IUserStore>().GetIdentitiesAsync(pool, user.Id)).ToDictionary(i => i.Kind, i => i.Id);
        string Url(string identityId) => $"/admin/api/pools/{pool}/users/{user.Id}/identities/{identityId}";

        // The username has no password yet, so the WeChat identity is the only way in.
        var last = await (await Admin.DeleteAsync(Url(ids[IdentityKind.WeChatOpenId]))).AssertProblemAsync(409);
        Assert.Contains("last way", last.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(204, (int)(await Admin.PutJsonAsync($"/admin/api/pools/{pool}/users/{user.Id}/password", new { password = "correct horse" })).StatusCode);

        Assert.Equal(204, (int)(await Admin.DeleteAsync(Url(ids[IdentityKind.WeChatOpenId]))).StatusCode);
        var identities = (await (await Admin.GetAsync($"/admin/api/pools/{pool}/users/{user.Id}")).JsonAsync()).GetProperty("identities");
        Assert.Equal(IdentityKind.Password, Assert.Single(identities.EnumerateArray()).GetProperty("kind").GetString());
        await (await Admin.DeleteAsync(Url(ids[IdentityKind.Password]))).AssertProblemAsync(409);
        await (await Admin.DeleteAsync(Url(ids[IdentityKind.WeChatOpenId]))).AssertProblemAsync(404);
        await (await Admin.DeleteAsync($"/admin/api/pools/{pool}/users/nobody/identities/{ids[IdentityKind.Password]}")).AssertProblemAsync(404);
        await (await Admin.DeleteAsync($"/admin/api/pools/no-such-pool/users/{user.Id}/identities/{ids[IdentityKind.Password]}")).AssertProblemAsync(404);

        var events = await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user.Id}")).JsonAsync();
        var unlinked = Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "admin.user.identity_unlinked");
        Assert.Equal($"unlinked wechat-openid identity {ids[IdentityKind.WeChatOpenId]}", unlinked.GetProperty("reason").GetString());
    }
}
