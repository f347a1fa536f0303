using Microsoft.Extensions.Time.Testing;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
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

    // A connection's secrets are cached as stored (encrypted) and opened on each read: a change of the
    // AppSecret through this node is seen at once, one elsewhere after the lifetime, and the cache
    // holds no secret in the clear.
    [Fact]
    public async Task The_caching_connection_store_keeps_secrets_encrypted_and_shows_a_changed_secret()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var cache = new ReadCache(TimeSpan.FromSeconds(5), clock);
        var connections = new CachedConnectionStore(Connections, cache);
        Assert.Null(await connections.GetSecretsAsync(pool, "wx-follow"));
        Assert.True(await connections.CreateAsync(FollowConnection(pool), FollowSecrets));
        Assert.Equal(FollowSecrets.AppSecret, (await connections.GetSecretsAsync(pool, "wx-follow"))!.AppSecret);

        Assert.True(await connections.UpdateAsync(FollowConnection(pool), new ConnectionSecrets { AppSecret = "changedAppSecretValue0123456789a" }));
        var changed = (await connections.GetSecretsAsync(pool, "wx-follow"))!;
        Assert.Equal("changedAppSecretValue0123456789a", changed.AppSecret);
        Assert.Equal(FollowSecrets.Token, changed.Token);

        // Another node changes it: seen once the entry is older than the lifetime.
        Assert.True(await Connections.UpdateAsync(FollowConnection(pool), new ConnectionSecrets { AppSecret = "otherNodeSecretValue0123456789ab" }));
        Assert.Equal("changedAppSecretValue0123456789a", (await connections.GetSecretsAsync(pool, "wx-follow"))!.AppSecret);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("otherNodeSecretValue0123456789ab", (await connections.GetSecretsAsync(pool, "wx-follow"))!.AppSecret);

        var cached = await cache.GetAsync<byte[]?>(("connection-secrets", pool, "wx-follow"), _ => throw new InvalidOperationException("not cached"), default);
        Assert.DoesNotContain("otherNodeSecretValue", System.Text.Encoding.UTF8.GetString(cached!), StringComparison.Ordinal);
    }
}
