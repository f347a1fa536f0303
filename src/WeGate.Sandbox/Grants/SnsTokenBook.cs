namespace WeGate.Sandbox.Grants;

// sns access and refresh tokens (docs/wechat-contract.md#refreshing-sns-tokens): access 7200 s; refresh 30 days and never
// extended; refreshing an expired access token issues a new one, refreshing a live one extends it.
internal sealed class SnsTokenBook(TimeProvider time, SandboxOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SnsGrant> _byAccess = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnsGrant> _byRefresh = new(StringComparer.Ordinal);

    public SnsGrant Issue(string appId, string personaId, string openId, string? unionId, string scope, bool snapshot)
    {
        var now = time.GetUtcNow();
        var grant = new SnsGrant(appId, personaId, openId, unionId, scope, snapshot)
        {
            AccessToken = RandomText.UrlSafeOf(110),
            AccessExpiresAt = now + options.AccessTokenLifetime,
            RefreshToken = RandomText.UrlSafeOf(110),
            RefreshExpiresAt = now + options.SnsRefreshTokenLifetime,
        };
        lock (_gate)
        {
            _byAccess[grant.AccessToken] = grant;
            _byRefresh[grant.RefreshToken] = grant;
        }

        return grant;
    }

    public (SnsGrant? Grant, int ErrCode) Validate(string accessToken)
    {
        lock (_gate)
        {
            if (!_byAccess.TryGetValue(accessToken, out var grant))
            {
                return (null, 40001);
            }

            return grant.AccessExpiresAt <= time.GetUtcNow() ? (null, 42001) : (grant, 0);
        }
    }

    public (SnsGrant? Grant, int ErrCode) Refresh(string appId, string refreshToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_byRefresh.TryGetValue(refreshToken, out var grant) || grant.AppId != appId)
            {
                return (null, 40030);
            }

            if (grant.RefreshExpiresAt <= now)
            {
                return (null, 42002);
            }

            if (grant.AccessExpiresAt <= now)
            {
                _byAccess.Remove(grant.AccessToken);
                grant.AccessToken = RandomText.UrlSafeOf(110);
                _byAccess[grant.AccessToken] = grant;
            }

            grant.AccessExpiresAt = now + options.AccessTokenLifetime;
            return (grant, 0);
        }
    }
}
