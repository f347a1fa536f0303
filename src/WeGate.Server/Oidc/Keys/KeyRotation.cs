using WeGate.Core.Applications;

namespace WeGate.Server.Oidc.Keys;

// Rotation as an operator asks for it (admin API, `wegate keys rotate`): the key that has been published
// since the last rotation starts signing, and the old one stays published until every token it signed
// has expired — the pool's longest access or ID token lifetime, plus the time relying parties may
// cache the JWKS (5 minutes) and nodes cache keys (1 minute).
internal sealed class KeyRotation(ISigningKeys keys, IApplicationStore applications)
{
    private static readonly TimeSpan CacheMargin = TimeSpan.FromMinutes(6);

    public async Task<(string Kid, TimeSpan Retention)> RotateAsync(string pool, string algorithm, TimeSpan? retention, CancellationToken ct)
    {
        var keep = retention ?? await DefaultRetentionAsync(pool, ct);
        return (await keys.RotateAsync(pool, algorithm, keep, ct), keep);
    }

    private async Task<TimeSpan> DefaultRetentionAsync(string pool, CancellationToken ct)
    {
        var apps = await applications.ListAsync(pool, ct);
        var longest = apps.Count == 0 ? TokenLifetimes.Default.AccessTokenSeconds
            : apps.Max(a => Math.Max(a.Lifetimes.AccessTokenSeconds, a.Lifetimes.IdTokenSeconds));
        return TimeSpan.FromSeconds(longest) + CacheMargin;
    }
}
