using Microsoft.Extensions.Time.Testing;
using WeGate.Core.Authorization;
using WeGate.Core.Sessions;
using WeGate.Core.Users;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private async Task<(string Pool, string UserId)> PoolWithUserAsync()
    {
        var pool = await NewPoolAsync();
        var user = await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, []));
        return (pool, user.Id);
    }

    private static AuthorizationCode Code(string pool, string userId, string hash, DateTimeOffset expires) =>
        new(hash, pool, "client", userId, "session-1", "https://app.example.com/cb", "openid profile", "n-0S6_WzA2Mj", "challenge", "S256",
            DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), "pwd", expires);

    [Fact]
    public async Task A_code_is_redeemed_once_even_by_racing_requests_and_a_replay_names_the_first_grant()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var codes = new AuthorizationCodeStore(Db, Clock);
        await codes.CreateAsync(Code(pool, userId, "hash-1", Clock.GetUtcNow().AddMinutes(1)));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => codes.RedeemAsync(pool, "hash-1", "grant-" + i))));

        var redeemed = Assert.Single(results.OfType<CodeRedemption.Redeemed>());
        Assert.Equal("openid profile", redeemed.Code.Scope);
        Assert.Equal("n-0S6_WzA2Mj", redeemed.Code.Nonce);
        var winner = "grant-" + Array.IndexOf(results, redeemed);
        Assert.All(results.OfType<CodeRedemption.Replayed>(), r => Assert.Equal(winner, r.GrantId));
        Assert.Equal(15, results.OfType<CodeRedemption.Replayed>().Count());
    }

    [Fact]
    public async Task An_expired_or_unknown_code_or_one_from_another_pool_is_not_redeemed()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var codes = new AuthorizationCodeStore(Db, Clock);
        await codes.CreateAsync(Code(pool, userId, "expired", Clock.GetUtcNow().AddSeconds(-1)));
        await codes.CreateAsync(Code(pool, userId, "live", Clock.GetUtcNow().AddMinutes(1)));
        Assert.IsType<CodeRedemption.Unknown>(await codes.RedeemAsync(pool, "expired", "g"));
        Assert.IsType<CodeRedemption.Unknown>(await codes.RedeemAsync(pool, "nope", "g"));
        Assert.IsType<CodeRedemption.Unknown>(await codes.RedeemAsync("other-pool", "live", "g"));
        Assert.IsType<CodeRedemption.Redeemed>(await codes.RedeemAsync(pool, "live", "g"));
    }

    [Fact]
    public async Task A_code_is_dead_from_its_expiry_on_but_a_replay_after_it_expired_still_names_the_first_grant()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var codes = new AuthorizationCodeStore(Db, clock);
        var atExpiry = Code(pool, userId, "at-expiry", clock.GetUtcNow());
        await codes.CreateAsync(atExpiry);
        await codes.CreateAsync(Code(pool, userId, "used", clock.GetUtcNow().AddMinutes(1)));

        Assert.True(atExpiry.IsExpiredAt(clock.GetUtcNow()));
        Assert.IsType<CodeRedemption.Unknown>(await codes.RedeemAsync(pool, "at-expiry", "g0"));
        Assert.IsType<CodeRedemption.Redeemed>(await codes.RedeemAsync(pool, "used", "g1"));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new CodeRedemption.Replayed("g1"), await codes.RedeemAsync(pool, "used", "g2"));
    }

    [Fact]
    public async Task A_rotated_refresh_token_presented_after_it_expired_is_still_reuse_and_a_revoked_one_is_invalid()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var grants = new GrantStore(Db, clock);
        var tokens = new RefreshTokenStore(Db, clock);
        await grants.CreateAsync(new Grant("grant-x", pool, "client", userId, null, "openid", default, false));
        await tokens.CreateAsync(new RefreshToken("rt-x0", pool, "grant-x", "client", userId, null, "openid", clock.GetUtcNow().AddHours(1)));

        Assert.IsType<RefreshRotation.Rotated>(await tokens.RotateAsync(pool, "rt-x0", o => o with { TokenHash = "rt-x1", ExpiresAt = o.ExpiresAt.AddHours(2) }));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new RefreshRotation.Reused("grant-x"), await tokens.RotateAsync(pool, "rt-x0", o => o with { TokenHash = "rt-x2" }));
        await grants.RevokeAsync(pool, "grant-x");
        Assert.IsType<RefreshRotation.Invalid>(await tokens.RotateAsync(pool, "rt-x1", o => o with { TokenHash = "rt-x3" }));
        Assert.Null(await tokens.FindLiveAsync(pool, "rt-x1"));
    }

    [Fact]
    public async Task Racing_rotations_of_one_refresh_token_let_one_win_and_report_the_other_as_reuse()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var grants = new GrantStore(Db, Clock);
        var tokens = new RefreshTokenStore(Db, Clock);
        await grants.CreateAsync(new Grant("grant-r", pool, "client", userId, null, "openid", default, false));
        await tokens.CreateAsync(new RefreshToken("rt-0", pool, "grant-r", "client", userId, null, "openid", Clock.GetUtcNow().AddDays(1)));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            tokens.RotateAsync(pool, "rt-0", old => old with { TokenHash = "rt-1-" + i }))));

        Assert.Single(results.OfType<RefreshRotation.Rotated>());
        Assert.All(results.Where(r => r is not RefreshRotation.Rotated), r => Assert.Equal("grant-r", Assert.IsType<RefreshRotation.Reused>(r).GrantId));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM refresh_tokens WHERE pool = @pool", new { pool }));
    }

    [Fact]
    public async Task Revoking_a_grant_revokes_its_refresh_tokens_and_revoking_a_session_revokes_its_grants()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var grants = new GrantStore(Db, Clock);
        var tokens = new RefreshTokenStore(Db, Clock);
        var sessions = new SessionStore(Db, Clock);
        await sessions.CreateAsync(new SsoSession("sess", pool, userId, Clock.GetUtcNow(), "pwd", Clock.GetUtcNow().AddHours(1)));
        await grants.CreateAsync(new Grant("g1", pool, "client", userId, "sess", "openid", default, false));
        await grants.CreateAsync(new Grant("g2", pool, "client", userId, null, "openid", default, false));
        await tokens.CreateAsync(new RefreshToken("t1", pool, "g1", "client", userId, "sess", "openid", Clock.GetUtcNow().AddDays(1)));
        await tokens.CreateAsync(new RefreshToken("t2", pool, "g2", "client", userId, null, "openid", Clock.GetUtcNow().AddDays(1)));

        await grants.RevokeAsync(pool, "g2");
        Assert.True((await grants.GetAsync(pool, "g2"))!.Revoked);
        Assert.IsType<RefreshRotation.Invalid>(await tokens.RotateAsync(pool, "t2", o => o with { TokenHash = "t2b" }));

        Assert.NotNull(await sessions.GetAsync(pool, "sess"));
        await sessions.RevokeAsync(pool, "sess");
        Assert.Null(await sessions.GetAsync(pool, "sess"));
        Assert.True((await grants.GetAsync(pool, "g1"))!.Revoked);
        Assert.IsType<RefreshRotation.Invalid>(await tokens.RotateAsync(pool, "t1", o => o with { TokenHash = "t1b" }));
    }

    [Fact]
    public async Task Login_failures_are_counted_without_lost_updates_waits_only_grow_and_a_passed_window_starts_again()
    {
        var clock = new FakeTimeProvider(Clock.GetUtcNow());
        var throttles = new LoginThrottleStore(Db, clock);
        var key = Guid.NewGuid().ToString("N");
        var window = TimeSpan.FromHours(1);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => throttles.RecordFailureAsync(key, window))));
        Assert.Equal(5, await throttles.RecordFailureAsync(key, window));
        Assert.True((await throttles.GetAsync(key))!.RetryAt <= clock.GetUtcNow());

        await throttles.DelayAsync(key, clock.GetUtcNow().AddMinutes(2));
        await throttles.DelayAsync(key, clock.GetUtcNow().AddMinutes(1));
        Assert.Equal(clock.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds(), (await throttles.GetAsync(key))!.RetryAt.ToUnixTimeMilliseconds());
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(5, (await throttles.GetAsync(key))!.Failures);

        // The count is forgotten once the window after the last failure has passed.
        clock.Advance(window);
        Assert.Null(await throttles.GetAsync(key));
        Assert.Equal(1, await throttles.RecordFailureAsync(key, window));
        await throttles.ClearAsync([key]);
        Assert.Equal(1, await throttles.RecordFailureAsync(key, window));
    }

    [Fact]
    public async Task Authorization_requests_expire_and_stay_in_their_pool()
    {
        var pool = await NewPoolAsync();
        var requests = new AuthorizationRequestStore(Db, Clock);
        await requests.SaveAsync("req-live", pool, "client", "{\"a\":1}", Clock.GetUtcNow().AddMinutes(5));
        await requests.SaveAsync("req-old", pool, "client", "{}", Clock.GetUtcNow().AddSeconds(-1));
        Assert.Equal("{\"a\":1}", await requests.GetAsync(pool, "req-live"));
        Assert.Null(await requests.GetAsync(pool, "req-old"));
        Assert.Null(await requests.GetAsync("other", "req-live"));
        await requests.DeleteAsync("req-live");
        Assert.Null(await requests.GetAsync(pool, "req-live"));
    }
}
