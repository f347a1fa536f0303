using Microsoft.Extensions.Time.Testing;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Storage.Caching;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

// The caching stores (docs/configuration.md#settings, WeGate:Database:CacheSeconds): a write through
// them is seen at once; a write elsewhere (another node, here the plain store) once the entry ages out.
public abstract partial class StoreContract
{
    [Fact]
    public async Task The_caching_stores_show_their_own_writes_at_once_and_other_nodes_writes_after_the_lifetime()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var cache = new ReadCache(TimeSpan.FromSeconds(5), clock);
        var applications = new CachedApplicationStore(Applications, cache);
        var pools = new CachedPoolStore(Pools, cache);
        Assert.Null(await applications.GetAsync(pool, "demo-web"));

        Assert.True(await applications.CreateAsync(WebApp(pool), SecretHash.Hash("secret-1")));
        Assert.True((await applications.GetAsync(pool, "demo-web"))!.Enabled);
        Assert.True(SecretHash.Verify("secret-1", await applications.GetSecretHashAsync(pool, "demo-web")));
        Assert.True(await applications.UpdateAsync(WebApp(pool) with { Enabled = false }));
        Assert.False((await applications.GetAsync(pool, "demo-web"))!.Enabled);
        Assert.True(await applications.SetSecretHashAsync(pool, "demo-web", SecretHash.Hash("secret-2")));
        Assert.True(SecretHash.Verify("secret-2", await applications.GetSecretHashAsync(pool, "demo-web")));

        // Another node enables it again: this one sees that once its entry is older than the lifetime.
        Assert.False((await applications.GetAsync(pool, "demo-web"))!.Enabled);
        Assert.True(await Applications.UpdateAsync(WebApp(pool)));
        Assert.False((await applications.GetAsync(pool, "demo-web"))!.Enabled);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True((await applications.GetAsync(pool, "demo-web"))!.Enabled);

        // Deleting the pool through this node forgets its applications too.
        Assert.NotNull(await pools.GetAsync(pool));
        Assert.True(await pools.DeleteAsync(pool));
        Assert.Null(await pools.GetAsync(pool));
        Assert.Null(await applications.GetAsync(pool, "demo-web"));
    }
}
