using WeGate.Core.Applications;

namespace WeGate.Core.Keys;

// How long a rotation keeps the retired key published: until every token it signed has expired — the
// pool's longest access or ID token lifetime — plus the time relying parties may cache the JWKS
// (5 minutes) and nodes cache keys (1 minute) (docs/oidc.md#signing-keys).
public static class KeyRetention
{
    public static readonly TimeSpan CacheMargin = TimeSpan.FromMinutes(6);

    public static TimeSpan For(IEnumerable<TokenLifetimes> lifetimes)
    {
        ArgumentNullException.ThrowIfNull(lifetimes);
        var longest = lifetimes.Select(l => Math.Max(l.AccessTokenSeconds, l.IdTokenSeconds)).DefaultIfEmpty(TokenLifetimes.Default.AccessTokenSeconds).Max();
        return TimeSpan.FromSeconds(longest) + CacheMargin;
    }
}
