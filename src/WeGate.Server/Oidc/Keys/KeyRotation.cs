using WeGate.Core.Applications;
using WeGate.Core.Keys;

namespace WeGate.Server.Oidc.Keys;

// Rotation as an operator asks for it (admin API, `wegate keys rotate`): the key that has been published
// since the last rotation starts signing, and the old one stays published for KeyRetention.For the
// pool's applications unless the operator says otherwise.
internal sealed class KeyRotation(ISigningKeys keys, IApplicationStore applications)
{
    public async Task<(string Kid, TimeSpan Retention)> RotateAsync(string pool, string algorithm, TimeSpan? retention, CancellationToken ct)
    {
        var keep = retention ?? await DefaultRetentionAsync(pool, ct);
        return (await keys.RotateAsync(pool, algorithm, keep, ct), keep);
    }

    private async Task<TimeSpan> DefaultRetentionAsync(string pool, CancellationToken ct)
    {
        var apps = await applications.ListAsync(pool, ct);
        return KeyRetention.For(apps.Select(a => a.Lifetimes));
    }
}
