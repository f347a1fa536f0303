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
    public async Task A_users_live_sessions_and_all_their_grants_are_listed_newest_first()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var grants = new GrantStore(Db, Clock);
        var sessions = new SessionStore(Db, Clock);
        var now = Clock.GetUtcNow();
        await sessions.CreateAsync(new SsoSession("live", pool, userId, now, "pwd", now.AddHours(1)));
        await sessions.CreateAsync(new SsoSession("ended", pool, userId, now, "wx", now.AddHours(1)));
        await sessions.CreateAsync(new SsoSession("expired", pool, userId, now, "wx", now.AddSeconds(-1)));
        await sessions.RevokeAsync(pool, "ended");
        await grants.CreateAsync(new Grant("kept", pool, "client-a", userId, "live", "openid profile", default, false) { AuthTime = now });
        await grants.CreateAsync(new Grant("gone", pool, "client-b", userId, null, "openid", default, false));
        await grants.RevokeAsync(pool, "gone");

        var live = Assert.Single(await sessions.ListLiveAsync(pool, userId, 20));
        Assert.Equal("pwd", live.Amr);
        Assert.True(live.ExpiresAt > now);
        var listed = await grants.ListForUserAsync(pool, userId, 20);
        Assert.Equal(["client-a", "client-b"], listed.Select(g => g.ClientId).Order(StringComparer.Ordinal));
        Assert.Equal([false, true], listed.OrderBy(g => g.ClientId, StringComparer.Ordinal).Select(g => g.Revoked));
        Assert.Equal("openid profile", listed.Single(g => g.ClientId == "client-a").Scope);
        Assert.NotNull(listed.Single(g => g.ClientId == "client-a").AuthTime);
        Assert.Single(await grants.ListForUserAsync(pool, userId, 1));
        Assert.Empty(await sessions.ListLiveAsync(pool, "someone-else", 20));
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
        Assert.Equal("{\"a\":1}", (await requests.GetAsync(pool, "req-live"))?.Json);
        Assert.Null(await requests.GetAsync(pool, "req-old"));
        Assert.Null(await requests.GetAsync("other", "req-live"));
        await requests.DeleteAsync("req-live");
        Assert.Null(await requests.GetAsync(pool, "req-live"));
    }

    [Fact]
    public async Task A_parked_request_is_completed_once_by_racing_completions_and_only_the_winner_stores_its_session_and_code()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var requests = new AuthorizationRequestStore(Db, Clock);
        var completions = new SignInCompletionStore(Db, Clock);
        await requests.SaveAsync("req-race", pool, "client", "{}", Clock.GetUtcNow().AddMinutes(5));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => completions.CompleteAsync(pool, "req-race",
            SsoSession.Start("race-session-" + i, pool, userId, "pwd", Clock.GetUtcNow(), TimeSpan.FromHours(1)),
            Code(pool, userId, "race-code-" + i, Clock.GetUtcNow().AddMinutes(1)) with { SessionId = "race-session-" + i }))));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => results[i]);
        Assert.Null(await requests.GetAsync(pool, "req-race"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM sessions WHERE pool = @pool AND id LIKE 'race-session-%'", new { pool }));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM sessions WHERE pool = @pool AND id = @id", new { pool, id = "race-session-" + winner }));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM authorization_codes WHERE pool = @pool AND code_hash LIKE 'race-code-%'", new { pool }));
        var redeemed = Assert.IsType<CodeRedemption.Redeemed>(await new AuthorizationCodeStore(Db, Clock).RedeemAsync(pool, "race-code-" + winner, "g"));
        Assert.Equal("race-session-" + winner, redeemed.Code.SessionId);
    }

    [Fact]
    public async Task An_expired_unknown_or_other_pools_request_completes_nothing()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var requests = new AuthorizationRequestStore(Db, Clock);
        var completions = new SignInCompletionStore(Db, Clock);
        await requests.SaveAsync("req-expired", pool, "client", "{}", Clock.GetUtcNow().AddSeconds(-1));
        await requests.SaveAsync("req-elsewhere", pool, "client", "{}", Clock.GetUtcNow().AddMinutes(5));

        Assert.False(await completions.CompleteAsync(pool, "req-expired", null, Code(pool, userId, "late-1", Clock.GetUtcNow().AddMinutes(1))));
        Assert.False(await completions.CompleteAsync(pool, "req-unknown", null, Code(pool, userId, "late-2", Clock.GetUtcNow().AddMinutes(1))));
        Assert.False(await completions.CompleteAsync("other", "req-elsewhere", null, Code(pool, userId, "late-3", Clock.GetUtcNow().AddMinutes(1))));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM authorization_codes WHERE pool = @pool AND code_hash LIKE 'late-%'", new { pool }));
        Assert.NotNull(await requests.GetAsync(pool, "req-elsewhere"));
    }

    [Fact]
    public async Task A_grant_and_its_first_refresh_token_are_stored_together()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var grants = new GrantStore(Db, Clock);
        var tokens = new RefreshTokenStore(Db, Clock);
        var grant = new Grant("grant-with-token", pool, "client", userId, null, "openid", default, false);
        await grants.CreateAsync(grant, new RefreshToken("first-token", pool, grant.Id, "client", userId, null, "openid", Clock.GetUtcNow().AddDays(1)));
        Assert.Equal("grant-with-token", (await tokens.FindLiveAsync(pool, "first-token"))?.GrantId);
        Assert.NotNull(await grants.GetAsync(pool, grant.Id));

        // A token that cannot be stored (its hash is taken) leaves no grant behind either.
        var second = grant with { Id = "grant-without-token" };
        await Assert.ThrowsAnyAsync<Exception>(() => grants.CreateAsync(second,
            new RefreshToken("first-token", pool, second.Id, "client", userId, null, "openid", Clock.GetUtcNow().AddDays(1))));
        Assert.Null(await grants.GetAsync(pool, second.Id));
    }

    [Fact]
    public async Task A_refresh_reads_its_token_grant_and_user_state_in_one_read()
    {
        var (pool, userId) = await PoolWithUserAsync();
        var grants = new GrantStore(Db, Clock);
        var tokens = new RefreshTokenStore(Db, Clock);
        var authTime = Clock.GetUtcNow();
        var grant = new Grant("grant-use", pool, "client", userId, "sid-1", "openid offline_access", default, false) { AuthTime = authTime, Amr = "pwd" };
        await grants.CreateAsync(grant, new RefreshToken("use-token", pool, grant.Id, "client", userId, "sid-1", "openid", Clock.GetUtcNow().AddDays(1)));

        var use = await tokens.FindLiveUseAsync(pool, "use-token");
        Assert.NotNull(use);
        Assert.Equal(("use-token", "grant-use", userId, "openid"), (use.Token.TokenHash, use.Token.GrantId, use.Token.UserId, use.Token.Scope));
        Assert.Equal(("client", "sid-1", "openid offline_access", "pwd", false), (use.Grant!.ClientId, use.Grant.SessionId, use.Grant.Scope, use.Grant.Amr, use.Grant.Revoked));
        Assert.Equal(authTime.ToUnixTimeMilliseconds(), use.Grant.AuthTime!.Value.ToUnixTimeMilliseconds());
        Assert.True(use.UserActive);
        Assert.Null(await tokens.FindLiveUseAsync("other", "use-token"));

        // Blocking revokes the user's grants; a token read just before that still sees the user blocked.
        await using (var c = await Db.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE users SET blocked = @blocked WHERE id = @userId", new { blocked = true, userId });
        Assert.False((await tokens.FindLiveUseAsync(pool, "use-token"))!.UserActive);
        await grants.RevokeAsync(pool, grant.Id);
        Assert.Null(await tokens.FindLiveUseAsync(pool, "use-token")); // revoking the grant revoked its tokens
    }
}
