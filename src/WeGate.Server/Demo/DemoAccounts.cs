using WeGate.Core.Users;
using WeGate.Sandbox.Control;
using WeGate.Server.Login.Password;

namespace WeGate.Server.Demo;

// The demo's accounts, made so that the account pages can be tried (docs/accounts.md): 小双's two
// accounts from before their unionid was known — one from the mini program before it joined the Open
// Platform (its openid only), one from the website (its openid and the unionid) — so a mini program
// login leads to account selection; and a local account with a password and a phone number that ask to
// bind links to. Each is created when none of its identities belongs to anyone, never overwritten.
internal sealed class DemoAccounts(IUserStore users, LocalAccounts passwords)
{
    public async Task PrepareAsync(SandboxControlClient sandbox, CancellationToken ct)
    {
        var mp = await sandbox.IdentityAsync(DemoWorld.MiniProgramAppId, DemoWorld.TwoAccountsPersona, ct);
        var web = await sandbox.IdentityAsync(DemoWorld.WebsiteAppId, DemoWorld.TwoAccountsPersona, ct);
        await CreateMissingAsync(new UserProfile { Nickname = "小双 · mini program" },
            [new(IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(mp.AppId, mp.OpenId), "wx-miniprogram", Verified: true)], ct);
        await CreateMissingAsync(new UserProfile { Nickname = "小双 · website" },
        [
            new(IdentityKind.WeChatOpenId, IdentityKind.OpenIdIdentifier(web.AppId, web.OpenId), "wx-website", Verified: true),
            new(IdentityKind.WeChatUnionId, web.UnionId!, "wx-website", Verified: true),
        ], ct);

        var demo = await CreateMissingAsync(new UserProfile { Nickname = "Demo account", PhoneNumber = DemoWorld.DemoUserPhone },
            [new(IdentityKind.Password, DemoWorld.DemoUserName), new(IdentityKind.Phone, DemoWorld.DemoUserPhone)], ct);
        if (demo is not null)
            await passwords.SetPasswordAsync(DemoWorld.Pool, demo.Id, DemoWorld.DemoUserPassword, ct);
    }

    private async Task<User?> CreateMissingAsync(UserProfile profile, IReadOnlyList<NewIdentity> identities, CancellationToken ct)
    {
        foreach (var identity in identities)
        {
            if (await users.FindByIdentityAsync(DemoWorld.Pool, identity.Kind, identity.Identifier, ct) is not null)
                return null;
        }
        return await users.CreateAsync(new NewUser(DemoWorld.Pool, profile, identities), ct);
    }
}
