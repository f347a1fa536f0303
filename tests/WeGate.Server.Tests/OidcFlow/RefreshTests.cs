using Dapper;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests.OidcFlow;

// Refresh requests are checked in full before the token rotates, and a grant's refresh tokens end at an
// absolute lifetime however often they slide.
public abstract partial class OidcFlowContract
{
    private Task<HttpResponseMessage> RefreshAsync(Setup s, string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (scope is not null)
            form["scope"] = scope;
        return TokenAsync(s, form);
    }

    private async Task<string> RefreshTokenAsync(Setup s)
    {
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        return (await (await RedeemAsync(s, code, verifier)).JsonAsync()).GetProperty("refresh_token").GetString()!;
    }

    // Moves the sign-in behind every grant of the pool into the past.
    private async Task AgeGrantsAsync(Setup s, TimeSpan age)
    {
        await using var c = await db.Database.OpenAsync();
        await c.ExecuteAsync("UPDATE grants SET created_at = created_at - @ms WHERE pool = @pool", new { ms = (long)age.TotalMilliseconds, pool = s.Pool });
    }

    [Fact]
    public async Task A_refresh_refused_for_a_wider_scope_leaves_the_token_usable_and_the_grant_alive()
    {
        var s = await SetupAsync("web");
        var refresh = await RefreshTokenAsync(s);

        await AssertOAuthErrorAsync(await RefreshAsync(s, refresh, "openid profile email phone"), WeGateErrors.RefreshScopeWidened);
        var retry = await RefreshAsync(s, refresh, "openid profile");
        Assert.Equal(200, (int)retry.StatusCode);
        var tokens = await retry.JsonAsync();
        Assert.Equal("openid profile", tokens.GetProperty("scope").GetString());
        Assert.Equal(200, (int)(await UserInfoAsync(s, tokens.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.Equal(200, (int)(await RefreshAsync(s, tokens.GetProperty("refresh_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task A_grant_older_than_the_absolute_refresh_lifetime_is_refused_with_a_message()
    {
        var s = await SetupAsync("web");
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{s.Pool}/applications/{s.ClientId}",
            new { lifetimes = new { refresh_token_absolute_seconds = 7200 } })).StatusCode);
        var refresh = await RefreshTokenAsync(s);

        // Within the cap the token slides, but its successor never outlives the grant.
        await AgeGrantsAsync(s, TimeSpan.FromMinutes(90));
        var slid = await (await RefreshAsync(s, refresh)).JsonAsync();
        var next = slid.GetProperty("refresh_token").GetString()!;
        var introspected = await (await IntrospectAsync(s, next, "refresh_token")).JsonAsync();
        Assert.True(introspected.GetProperty("exp").GetInt64() <= DateTimeOffset.UtcNow.AddMinutes(31).ToUnixTimeSeconds());

        await AgeGrantsAsync(s, TimeSpan.FromMinutes(40));
        var refused = await RefreshAsync(s, next);
        await AssertOAuthErrorAsync(refused, WeGateErrors.RefreshLifetimeReached);
        Assert.Contains("absolute lifetime", (await refused.JsonAsync()).GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_application_setting_the_global_absolute_refresh_lifetime_of_90_days_applies()
    {
        var s = await SetupAsync("web");
        var refresh = await RefreshTokenAsync(s);
        await AgeGrantsAsync(s, TimeSpan.FromDays(89));
        var slid = await RefreshAsync(s, refresh);
        Assert.Equal(200, (int)slid.StatusCode);
        await AgeGrantsAsync(s, TimeSpan.FromDays(2));
        await AssertOAuthErrorAsync(await RefreshAsync(s, (await slid.JsonAsync()).GetProperty("refresh_token").GetString()!), WeGateErrors.RefreshLifetimeReached);
    }
}
