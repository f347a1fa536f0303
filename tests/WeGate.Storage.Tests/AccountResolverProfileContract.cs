using WeGate.Core.Accounts;
using WeGate.Core.Users;

namespace WeGate.Storage.Tests;

// Profile data from WeChat through the resolver (docs/logins.md, "Profile data from WeChat"): it fills empty fields only, and
// WeChat's placeholder nickname is no nickname.
public abstract partial class StoreContract
{
    [Fact]
    public async Task A_signed_in_users_empty_nickname_and_picture_are_filled_from_wechat_and_set_ones_are_kept()
    {
        var pool = await NewPoolAsync();
        var c = Conn(pool);
        var empty = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.WeChatOpenId, "wx00000000000000a1:oEMPTY")]));
        var set = await Users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = "Set by admin" }, [new(IdentityKind.WeChatOpenId, "wx00000000000000a1:oSET")]));

        var filled = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oEMPTY") with { Nickname = "阿明", AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/a/132" }));
        var kept = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oSET") with { Nickname = "阿明", AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/b/132" }));

        Assert.Equal(("阿明", "https://thirdwx.qlogo.cn/mmopen/a/132"), (filled.User.Profile.Nickname, filled.User.Profile.Picture));
        Assert.Equal(filled.User.Profile, (await Users.GetAsync(pool, empty.Id))!.Profile);
        var stored = (await Users.GetAsync(pool, set.Id))!.Profile;
        Assert.Equal(("Set by admin", "https://thirdwx.qlogo.cn/mmopen/b/132"), (stored.Nickname, stored.Picture));
        Assert.Equal("Set by admin", kept.User.Profile.Nickname);

        // A later, different WeChat nickname does not replace the one filled before.
        await Resolver.ResolveAsync(Arrive(c, "oEMPTY") with { Nickname = "Ming 2" });
        Assert.Equal("阿明", (await Users.GetAsync(pool, empty.Id))!.Profile.Nickname);
    }

    [Fact]
    public async Task Wechats_placeholder_nickname_is_never_written_and_a_stored_one_gives_way_to_a_real_nickname()
    {
        var pool = await NewPoolAsync();
        var c = Conn(pool);
        var created = Assert.IsType<Resolution.SignedIn>(await Resolver.ResolveAsync(Arrive(c, "oPLACE") with { Nickname = UserProfile.WeChatPlaceholderNickname }));
        Assert.True(created.Created);
        Assert.Null((await Users.GetAsync(pool, created.User.Id))!.Profile.Nickname);

        var legacy = await Users.CreateAsync(new NewUser(pool, new UserProfile { Nickname = UserProfile.WeChatPlaceholderNickname },
            [new(IdentityKind.WeChatOpenId, "wx00000000000000a1:oLEGACY")]));
        await Resolver.ResolveAsync(Arrive(c, "oLEGACY") with { Nickname = UserProfile.WeChatPlaceholderNickname });
        Assert.Equal(UserProfile.WeChatPlaceholderNickname, (await Users.GetAsync(pool, legacy.Id))!.Profile.Nickname);
        await Resolver.ResolveAsync(Arrive(c, "oLEGACY") with { Nickname = "阿红" });
        Assert.Equal("阿红", (await Users.GetAsync(pool, legacy.Id))!.Profile.Nickname);
    }
}
