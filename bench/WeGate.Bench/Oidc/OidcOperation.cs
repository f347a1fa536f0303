namespace WeGate.Bench.Oidc;

// One operation of the side-by-side comparison with the certified peer (bench/peer.sh,
// docs/performance.md#against-the-certified-peer), as a virtual user repeats it:
// - cc: one client_credentials grant (RFC 6749 §4.4);
// - refresh: one refresh_token grant (RFC 6749 §6) with the newest refresh token the user holds, each
//   user having got its first from a code flow before the clock starts;
// - code: a whole authorization code flow with PKCE in a new browser, its front channel the provider's.
internal sealed class OidcOperation(string mode, OidcClient client, WeChatInAppLogin? wechat) : ILoginScenario
{
    public static readonly string[] Modes = ["cc", "refresh", "code"];

    private string[] _refreshTokens = [];
    private bool _prepared;

    public string Name => mode;

    public string Description => mode switch
    {
        "cc" => "one client_credentials grant",
        "refresh" => "one rotating refresh_token grant",
        _ => "authorization code flow with PKCE in a new browser" + (wechat is null ? "" : "; its login: WeChat inside WeChat's browser (oa-web) through the sandbox"),
    };

    // Once, however many runs (warm-up, measurement) follow.
    public async Task PrepareAsync(int users, CancellationToken ct)
    {
        if (_prepared)
            return;
        await client.DiscoverAsync(ct);
        if (wechat is not null)
            await wechat.PrepareAsync(ct);
        if (mode == "refresh")
        {
            _refreshTokens = new string[users];
            for (var user = 0; user < users; user++)
                _refreshTokens[user] = await FirstRefreshTokenAsync(ct);
        }
        _prepared = true;
    }

    public Task BeforeLoginAsync(int user, CancellationToken ct) => Task.CompletedTask;

    public async Task LoginAsync(int user, LoginSteps steps, CancellationToken ct)
    {
        if (mode == "code")
        {
            await client.CodeFlowAsync(steps, ct);
            return;
        }
        steps.Start("token request");
        if (mode == "cc")
        {
            await client.TokenAsync(new() { ["grant_type"] = "client_credentials" }, ct);
            return;
        }
        try
        {
            var tokens = await client.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = _refreshTokens[user] }, ct);
            if (tokens.TryGetProperty("refresh_token", out var next))
                _refreshTokens[user] = next.GetString()!;
        }
        catch (LoginFailure)
        {
            // The failure counts; the user starts again from a new sign-in rather than repeat it.
            _refreshTokens[user] = await FirstRefreshTokenAsync(ct);
            throw;
        }
    }

    private async Task<string> FirstRefreshTokenAsync(CancellationToken ct)
    {
        var tokens = await client.CodeFlowAsync(new LoginSteps(TimeProvider.System), ct);
        return tokens.TryGetProperty("refresh_token", out var token)
            ? token.GetString()!
            : throw new LoginFailure("the code flow gave no refresh token: does the client have the refresh_token grant?");
    }
}
