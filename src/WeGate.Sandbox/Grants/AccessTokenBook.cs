namespace WeGate.Sandbox.Grants;

internal sealed class IssuedAccessToken(string token, string appId, DateTimeOffset expiresAt)
{
    public string Token { get; } = token;

    public string AppId { get; } = appId;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    // Set when a later fetch supersedes (or force_refresh revokes) the token.
    public DateTimeOffset? RetiresAt { get; set; }
}

// cgi-bin/token and stable_token (docs/wechat-contract.md#access-tokens). Each cgi-bin/token fetch issues a new
// token and leaves only the previous one valid for the overlap; the stable token is a separate series
// that is handed out again until its last 5 minutes.
internal sealed class AccessTokenBook(TimeProvider time, SandboxOptions options)
{
    private static readonly TimeSpan StableRenewWindow = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedAccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedAccessToken> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedAccessToken> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedAccessToken> _stable = new(StringComparer.Ordinal);

    public IssuedAccessToken Fetch(string appId)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_previous.TryGetValue(appId, out var older))
            {
                older.RetiresAt = Min(older.RetiresAt ?? now, now);
            }

            if (_current.TryGetValue(appId, out var current))
            {
                current.RetiresAt = Min(now + options.AccessTokenOverlap, current.ExpiresAt);
                _previous[appId] = current;
            }

            var issued = Add(appId, now);
            _current[appId] = issued;
            return issued;
        }
    }

    public IssuedAccessToken FetchStable(string appId, bool forceRefresh)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_stable.TryGetValue(appId, out var stable))
            {
                if (!forceRefresh && stable.ExpiresAt - now > StableRenewWindow)
                {
                    return stable;
                }

                // force_refresh revokes the old stable token at once; a normal renewal lets it run out.
                if (forceRefresh)
                {
                    stable.RetiresAt = now;
                }
            }

            var issued = Add(appId, now);
            _stable[appId] = issued;
            return issued;
        }
    }

    // 40001 for unknown or superseded tokens, 42001 for expired ones (docs/wechat-contract.md#error-codes).
    public (IssuedAccessToken? Token, int ErrCode) Validate(string token)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_tokens.TryGetValue(token, out var issued) || issued.RetiresAt <= now)
            {
                return (null, 40001);
            }

            return issued.ExpiresAt <= now ? (null, 42001) : (issued, 0);
        }
    }

    private IssuedAccessToken Add(string appId, DateTimeOffset now)
    {
        var issued = new IssuedAccessToken(RandomText.UrlSafeOf(136), appId, now + options.AccessTokenLifetime);
        _tokens[issued.Token] = issued;
        return issued;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
