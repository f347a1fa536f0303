using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Dapper;
using WeGate.Core.Keys;
using WeGate.Core.Secrets;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private static NewSigningKey FakeKey(string algorithm = "ES256")
    {
        var kid = "k" + Guid.NewGuid().ToString("N");
        return new NewSigningKey(kid, algorithm, RandomNumberGenerator.GetBytes(138), $$"""{"kty":"EC","kid":"{{kid}}"}""");
    }

    private static byte[] Copy(NewSigningKey key) => key.PrivateKeyPkcs8.ToArray();

    [Fact]
    public async Task A_signing_key_is_stored_encrypted_and_only_the_active_one_is_read_back_with_its_private_key()
    {
        var pool = await NewPoolAsync();
        var store = new SigningKeyStore(Db, Protector, Clock);
        NewSigningKey active = FakeKey(), next = FakeKey();
        var activePrivate = Copy(active);

        Assert.True(await store.CreateMissingAsync(pool, [new(active, next)]));

        await using (var c = await Db.OpenAsync())
        {
            var blob = await c.QuerySingleAsync<byte[]>("SELECT private_key FROM signing_keys WHERE kid = @Kid", new { active.Kid });
            Assert.DoesNotContain(Convert.ToBase64String(activePrivate), System.Text.Encoding.ASCII.GetString(blob), StringComparison.Ordinal);
            Assert.Equal(Convert.ToBase64String(activePrivate), Protector.Unprotect(blob, SigningKeyStore.Purpose(pool, active.Kid)));
            Assert.Throws<SecretUnreadableException>(() => Protector.Unprotect(blob, SigningKeyStore.Purpose(pool, next.Kid)));
        }
        var published = await store.ListPublishedAsync(pool);
        Assert.Equal(activePrivate, published.Single(k => k.State == SigningKeyState.Active).PrivateKeyPkcs8);
        var pending = published.Single(k => k.State == SigningKeyState.Next);
        Assert.Equal(next.Kid, pending.Kid);
        Assert.Null(pending.PrivateKeyPkcs8);
        Assert.Equal(next.PublicJwk, pending.PublicJwk);
    }

    [Fact]
    public async Task Creating_missing_keys_twice_keeps_one_active_and_one_next_key_per_algorithm()
    {
        var pool = await NewPoolAsync();
        var store = new SigningKeyStore(Db, Protector, Clock);

        Assert.True(await store.CreateMissingAsync(pool, [new(FakeKey(), FakeKey())]));
        Assert.False(await store.CreateMissingAsync(pool, [new(FakeKey(), FakeKey())]));
        Assert.True(await store.CreateMissingAsync(pool, [new(FakeKey(), FakeKey()), new(FakeKey("RS256"), FakeKey("RS256"))]));

        var published = await store.ListPublishedAsync(pool);
        Assert.Equal(4, published.Count);
        Assert.Single(published, k => k.Algorithm == "ES256" && k.State == SigningKeyState.Active);
        Assert.Single(published, k => k.Algorithm == "RS256" && k.State == SigningKeyState.Next);
    }

    [Fact]
    public async Task Concurrent_creation_from_separate_connections_leaves_exactly_one_active_key()
    {
        var pool = await NewPoolAsync();
        var store = new SigningKeyStore(Db, Protector, Clock);

        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.CreateMissingAsync(pool, [new(FakeKey(), FakeKey())]))));

        Assert.Single(created, c => c);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM signing_keys WHERE pool = @pool AND state = 'active'", new { pool }));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM signing_keys WHERE pool = @pool AND state = 'next'", new { pool }));
    }

    [Fact]
    public async Task Rotation_activates_the_next_key_and_keeps_the_retired_one_published_until_remove_after()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        var store = new SigningKeyStore(Db, Protector, clock);
        NewSigningKey first = FakeKey(), second = FakeKey(), third = FakeKey(), fourth = FakeKey();
        await store.CreateMissingAsync(pool, [new(first, second)]);

        Assert.Equal(second.Kid, await store.RotateAsync(pool, third, TimeSpan.FromHours(1)));

        var published = (await store.ListPublishedAsync(pool)).ToDictionary(k => k.Kid);
        Assert.Equal(SigningKeyState.Retired, published[first.Kid].State);
        Assert.Equal(clock.GetUtcNow().AddHours(1), published[first.Kid].RemoveAfter);
        Assert.Equal(clock.GetUtcNow(), published[first.Kid].RetiredAt);
        Assert.Null(published[first.Kid].PrivateKeyPkcs8);
        Assert.Equal(SigningKeyState.Active, published[second.Kid].State);
        Assert.Equal(clock.GetUtcNow(), published[second.Kid].ActivatedAt);
        Assert.NotNull(published[second.Kid].PrivateKeyPkcs8);
        Assert.Equal(SigningKeyState.Next, published[third.Kid].State);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.DoesNotContain(first.Kid, (await store.ListPublishedAsync(pool)).Select(k => k.Kid));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM signing_keys WHERE kid = @Kid", new { first.Kid }));

        // The next rotation deletes what is no longer published.
        Assert.Equal(third.Kid, await store.RotateAsync(pool, fourth, TimeSpan.FromHours(1)));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM signing_keys WHERE kid = @Kid", new { first.Kid }));
        Assert.Equal(new[] { second.Kid, third.Kid, fourth.Kid }.Order(StringComparer.Ordinal),
            (await store.ListPublishedAsync(pool)).Select(k => k.Kid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rotating_an_algorithm_leaves_the_other_algorithm_and_other_pools_alone()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        var store = new SigningKeyStore(Db, Protector, Clock);
        NewSigningKey es = FakeKey(), rs = FakeKey("RS256"), elsewhere = FakeKey();
        await store.CreateMissingAsync(pool, [new(es, FakeKey())]);
        await store.CreateMissingAsync(pool, [new(rs, FakeKey("RS256"))]);
        await store.CreateMissingAsync(other, [new(elsewhere, FakeKey())]);

        await store.RotateAsync(pool, FakeKey(), TimeSpan.FromHours(1));

        var published = await store.ListPublishedAsync(pool);
        Assert.Equal(SigningKeyState.Retired, published.Single(k => k.Kid == es.Kid).State);
        Assert.Equal(SigningKeyState.Active, published.Single(k => k.Kid == rs.Kid).State);
        Assert.Equal(SigningKeyState.Active, (await store.ListPublishedAsync(other)).Single(k => k.Kid == elsewhere.Kid).State);
        Assert.DoesNotContain(published, k => k.Pool != pool);
    }

    [Fact]
    public async Task Keys_cannot_be_created_for_a_missing_pool_nor_rotated_without_a_published_next_key()
    {
        var store = new SigningKeyStore(Db, Protector, Clock);
        var empty = await NewPoolAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateMissingAsync("no-such-pool", [new(FakeKey(), FakeKey())]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RotateAsync(empty, FakeKey(), TimeSpan.FromHours(1)));
        Assert.Empty(await store.ListPublishedAsync(empty));
    }
}
