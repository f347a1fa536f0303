using Microsoft.Extensions.Time.Testing;
using WeGate.Server.Oidc.Keys;
using WeGate.Storage;

namespace WeGate.Server.Tests.Oidc;

// Rotation, retention, several nodes on one database, and first use under concurrency.
public abstract partial class SigningKeysContract
{
    private static List<string> Kids(System.Text.Json.Nodes.JsonObject jwks, string algorithm) =>
        jwks["keys"]!.AsArray().Where(k => (string?)k!["alg"] == algorithm).Select(k => (string)k!["kid"]!).ToList();

    private static string KidOf(string token) => (string)Part(token, 0)["kid"]!;

    [Fact]
    public async Task The_next_key_is_published_before_it_signs_and_rotation_makes_it_sign()
    {
        var pool = await NewPoolAsync();
        var keys = Node();
        var before = Kids(await keys.GetJwksAsync(pool), JwsAlgorithm.ES256);
        var oldKid = KidOf(await keys.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, DateTimeOffset.UtcNow)));
        var nextKid = Assert.Single(before, k => k != oldKid);

        var activated = await keys.RotateAsync(pool, JwsAlgorithm.ES256, TimeSpan.FromHours(1));

        Assert.Equal(nextKid, activated);
        Assert.Equal(nextKid, KidOf(await keys.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, DateTimeOffset.UtcNow))));
        var after = Kids(await keys.GetJwksAsync(pool), JwsAlgorithm.ES256);
        Assert.Equal(3, after.Count);
        Assert.Contains(oldKid, after);
        Assert.Equal(after[0], nextKid); // the signing key is listed first
        Assert.Equal(2, Kids(await keys.GetJwksAsync(pool), JwsAlgorithm.RS256).Count); // the other algorithm did not move
    }

    [Fact]
    public async Task A_retired_key_validates_until_remove_after_and_then_leaves_the_jwks()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Start);
        var keys = Node(clock);
        var old = await keys.SignAsync(pool, JwsAlgorithm.RS256, null, Claims(pool, Start, TimeSpan.FromDays(1)));

        await keys.RotateAsync(pool, JwsAlgorithm.RS256, TimeSpan.FromHours(1));
        clock.Advance(TimeSpan.FromMinutes(59));

        Assert.True((await keys.ValidateAsync(pool, old, Issuer(pool), null)).Valid);
        Assert.Contains(KidOf(old), Kids(await keys.GetJwksAsync(pool), JwsAlgorithm.RS256));

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.DoesNotContain(KidOf(old), Kids(await keys.GetJwksAsync(pool), JwsAlgorithm.RS256));
        await AssertRefusedAsync(keys, pool, old, "kid names no published key");
    }

    [Fact]
    public async Task Another_node_signs_with_the_new_key_within_the_cache_ttl_and_accepts_the_old_one_meanwhile()
    {
        var pool = await NewPoolAsync();
        var clock = new FakeTimeProvider(Start);
        var (one, two) = (Node(clock), Node(clock));
        var first = await two.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, Start));

        var activated = await one.RotateAsync(pool, JwsAlgorithm.ES256, TimeSpan.FromHours(1));

        var stale = await two.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, Start));
        Assert.Equal(KidOf(first), KidOf(stale));
        Assert.True((await one.ValidateAsync(pool, stale, Issuer(pool), null)).Valid);
        Assert.Equal(activated, KidOf(await one.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, Start))));

        clock.Advance(TimeSpan.FromSeconds(61));

        var fresh = await two.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, clock.GetUtcNow()));
        Assert.Equal(activated, KidOf(fresh));
        Assert.True((await one.ValidateAsync(pool, fresh, Issuer(pool), null)).Valid);
    }

    [Fact]
    public async Task A_node_that_saw_no_keys_accepts_a_token_another_node_signed_with_new_keys()
    {
        var pool = await NewPoolAsync();
        var (one, two) = (Node(), Node());
        await AssertRefusedAsync(two, pool, "eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.e30.AAAA", "kid names no published key");

        var token = await one.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, DateTimeOffset.UtcNow));

        Assert.True((await two.ValidateAsync(pool, token, Issuer(pool), null)).Valid);
    }

    [Fact]
    public async Task The_first_signature_in_a_pool_creates_the_keys_of_every_algorithm_so_other_nodes_know_them_at_once()
    {
        var pool = await NewPoolAsync();
        var (one, two) = (Node(), Node());
        var es256 = await one.SignAsync(pool, JwsAlgorithm.ES256, null, Claims(pool, DateTimeOffset.UtcNow));
        Assert.True((await two.ValidateAsync(pool, es256, Issuer(pool), null)).Valid);

        var rs256 = await one.SignAsync(pool, JwsAlgorithm.RS256, null, Claims(pool, DateTimeOffset.UtcNow));

        Assert.True((await two.ValidateAsync(pool, rs256, Issuer(pool), null)).Valid);
        Assert.Equal(4, await CountAsync(Server.Service<Database>(), "SELECT COUNT(*) FROM signing_keys WHERE pool = @pool", new { pool }));
    }

    [Fact]
    public async Task Concurrent_first_use_on_two_nodes_creates_exactly_one_active_key_per_algorithm()
    {
        var pool = await NewPoolAsync();
        var nodes = new[] { Node(), Node() };

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            nodes[i % 2].SignAsync(pool, i % 4 < 2 ? JwsAlgorithm.ES256 : JwsAlgorithm.RS256, null, Claims(pool, DateTimeOffset.UtcNow)))));

        var database = Server.Service<Database>();
        foreach (var algorithm in JwsAlgorithm.Supported)
        {
            Assert.Equal(1, await CountAsync(database, "SELECT COUNT(*) FROM signing_keys WHERE pool = @pool AND algorithm = @algorithm AND state = 'active'", new { pool, algorithm }));
            Assert.Equal(1, await CountAsync(database, "SELECT COUNT(*) FROM signing_keys WHERE pool = @pool AND algorithm = @algorithm AND state = 'next'", new { pool, algorithm }));
        }
        Assert.Equal(2, tokens.Select(KidOf).Distinct().Count());
        foreach (var token in tokens)
            Assert.True((await nodes[0].ValidateAsync(pool, token, Issuer(pool), null)).Valid);
    }

    [Fact]
    public async Task A_token_of_one_pool_is_refused_in_another()
    {
        var (shop, blog) = (await NewPoolAsync(), await NewPoolAsync());
        var keys = Node();
        await keys.GetJwksAsync(blog);

        var token = await keys.SignAsync(shop, JwsAlgorithm.ES256, null, Claims(blog, DateTimeOffset.UtcNow));

        await AssertRefusedAsync(keys, blog, token, "kid names no published key");
        Assert.Empty(Kids(await keys.GetJwksAsync(blog), JwsAlgorithm.ES256).Intersect(Kids(await keys.GetJwksAsync(shop), JwsAlgorithm.ES256)));
    }

    [Fact]
    public async Task Signing_for_a_pool_that_does_not_exist_fails_loudly()
    {
        var keys = Node();

        await Assert.ThrowsAsync<InvalidOperationException>(() => keys.SignAsync("no-such-pool", JwsAlgorithm.ES256, null, "{}"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => keys.SignAsync("no-such-pool", "HS256", null, "{}"u8.ToArray()));
    }
}
