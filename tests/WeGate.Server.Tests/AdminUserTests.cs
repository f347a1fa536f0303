using WeGate.Core.Users;

namespace WeGate.Server.Tests;

public abstract partial class AdminApiContract
{
    [Fact]
    public async Task Users_are_found_by_phone_email_openid_unionid_and_name_and_read_with_their_identities()
    {
        var pool = await NewPoolAsync();
        var users = Server.Service<IUserStore>();
        var ming = await users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "Ming", PhoneNumber = "+8613800000010" },
            [new(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oMING"), new(IdentityKind.WeChatUnionId, "uMING"), new(IdentityKind.Email, "ming@example.com")]));
        await users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "Hong" }, [new(IdentityKind.WeChatOpenId, "wx0123456789abcdef:oHONG")]));

        foreach (var query in new[] { "phone=%2B8613800000010", "email=ming@example.com", "openid=oMING", "openid=wx0123456789abcdef:oMING", "unionid=uMING", "name=mIN" })
        {
            var page = await (await Admin.GetAsync($"/admin/api/pools/{pool}/users?{query}")).JsonAsync();
            Assert.Equal([ming.Id], page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        }
        Assert.Equal(2, (await (await Admin.GetAsync($"/admin/api/pools/{pool}/users")).JsonAsync()).GetProperty("users").GetArrayLength());

        var one = await (await Admin.GetAsync($"/admin/api/pools/{pool}/users/{ming.Id}")).JsonAsync();
        Assert.Equal("Ming", one.GetProperty("user").GetProperty("profile").GetProperty("nickname").GetString());
        Assert.Equal(3, one.GetProperty("identities").GetArrayLength());
    }

    [Fact]
    public async Task A_user_is_blocked_and_unblocked_and_the_change_is_audited()
    {
        var pool = await NewPoolAsync();
        var user = await Server.Service<IUserStore>().CreateAsync(new NewUser(pool, UserProfile.Empty, []));

        var blocked = await (await Admin.PostAsync($"/admin/api/pools/{pool}/users/{user.Id}/block", null)).JsonAsync();
        Assert.True(blocked.GetProperty("blocked").GetBoolean());
        var unblocked = await (await Admin.PostAsync($"/admin/api/pools/{pool}/users/{user.Id}/unblock", null)).JsonAsync();
        Assert.False(unblocked.GetProperty("blocked").GetBoolean());

        var events = await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?user_id={user.Id}")).JsonAsync();
        Assert.Equal(["admin.user.unblocked", "admin.user.blocked"], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.All(events.EnumerateArray(), e => Assert.Equal("admin-key:configured", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Unknown_users_and_bad_search_parameters_get_clear_errors()
    {
        var pool = await NewPoolAsync();
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users/nobody")).AssertProblemAsync(404);
        await (await Admin.PostAsync($"/admin/api/pools/{pool}/users/nobody/block", null)).AssertProblemAsync(404);
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users?limit=0")).AssertProblemAsync(400, "limit");
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users?limit=lots")).AssertProblemAsync(400, "limit");
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users?phone={new string('1', 300)}")).AssertProblemAsync(400, "phone");
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/users?name={new string('n', 201)}")).AssertProblemAsync(400, "name");
        await (await Admin.GetAsync("/admin/api/pools/no-such-pool/users")).AssertProblemAsync(404);
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?limit=abc")).AssertProblemAsync(400, "limit");
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events?limit=5000")).AssertProblemAsync(400, "limit");
    }
}
