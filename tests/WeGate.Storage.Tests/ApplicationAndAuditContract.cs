using WeGate.Core.Admin;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Secrets;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private static Application WebApp(string pool) => new()
    {
        Pool = pool, ClientId = "demo-web", DisplayName = "Demo", Type = ApplicationType.Web,
        RedirectUris = ["https://app.example.com/callback"], PostLogoutRedirectUris = ["https://app.example.com/"],
        Grants = [GrantType.AuthorizationCode, GrantType.RefreshToken], Connections = ["wx-follow", "wx-web"],
        Lifetimes = new TokenLifetimes(600, 900, 86400), SigningAlgorithm = SigningAlgorithm.RS256,
    };

    [Fact]
    public async Task An_application_round_trips_with_its_lists_lifetimes_and_secret_hash()
    {
        var pool = await NewPoolAsync();
        var hash = SecretHash.Hash("secret-1");
        Assert.True(await Applications.CreateAsync(WebApp(pool), hash));
        Assert.False(await Applications.CreateAsync(WebApp(pool), hash));

        var stored = await Applications.GetAsync(pool, "demo-web");
        Assert.NotNull(stored);
        Assert.Equal(WebApp(pool).RedirectUris, stored.RedirectUris);
        Assert.Equal(WebApp(pool).Grants, stored.Grants);
        Assert.Equal(WebApp(pool).Connections, stored.Connections);
        Assert.Equal(new TokenLifetimes(600, 900, 86400), stored.Lifetimes);
        Assert.Equal(SigningAlgorithm.RS256, stored.SigningAlgorithm);
        Assert.True(SecretHash.Verify("secret-1", await Applications.GetSecretHashAsync(pool, "demo-web")));

        Assert.True(await Applications.SetSecretHashAsync(pool, "demo-web", SecretHash.Hash("secret-2")));
        Assert.False(SecretHash.Verify("secret-1", await Applications.GetSecretHashAsync(pool, "demo-web")));

        Assert.True(await Applications.UpdateAsync(stored with { DisplayName = "Renamed", Connections = [] }));
        Assert.Empty((await Applications.GetAsync(pool, "demo-web"))!.Connections);
        Assert.True(await Applications.DeleteAsync(pool, "demo-web"));
        Assert.Null(await Applications.GetAsync(pool, "demo-web"));
    }

    [Fact]
    public async Task Audit_events_are_listed_newest_first_and_filtered_by_user()
    {
        var pool = await NewPoolAsync();
        var log = new AuditLog(Db, Clock);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        await log.WriteAsync(new AuditEvent { Pool = pool, Type = "a", Outcome = AuditOutcome.Success, UserId = "u1", OccurredAt = t0 });
        await log.WriteAsync(new AuditEvent { Pool = pool, Type = "b", Outcome = AuditOutcome.Failure, Reason = new string('x', 5000), OccurredAt = t0.AddSeconds(1) });

        var all = await log.ListAsync(pool, 10);
        Assert.Equal(["b", "a"], all.Select(e => e.Type));
        Assert.Equal(512, all[0].Reason!.Length);
        Assert.Equal(["a"], (await log.ListAsync(pool, 10, userId: "u1")).Select(e => e.Type));
    }

    [Fact]
    public async Task Admin_keys_are_found_by_id_and_revoked()
    {
        var keys = new AdminKeyStore(Db, Clock);
        var (id, key) = AdminKeys.Generate();
        await keys.CreateAsync(new AdminKey(id, "ci", default, null, false), SecretHash.Hash(key));

        Assert.True(await keys.AnyAsync());
        Assert.Equal(id, AdminKeys.ParseId(key));
        var found = await keys.FindAsync(id);
        Assert.True(SecretHash.Verify(key, found!.Value.Hash));
        Assert.False(found.Value.Key.Revoked);

        Assert.True(await keys.RevokeAsync(id));
        Assert.True((await keys.FindAsync(id))!.Value.Key.Revoked);
        Assert.False(await keys.RevokeAsync(id));
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_once_per_name()
    {
        var store = new DataProtectionKeyStore(Db, Clock);
        var name = "key-" + Guid.NewGuid().ToString("N");
        await store.StoreAsync(name, "<key>1</key>");
        await store.StoreAsync(name, "<key>2</key>");
        var all = await store.GetAllAsync();
        Assert.Contains("<key>2</key>", all);
        Assert.DoesNotContain("<key>1</key>", all);
    }
}
