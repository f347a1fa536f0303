using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WeGate.Sandbox.Registry;

public sealed class SandboxRegistry
{
    private readonly ConcurrentDictionary<string, SandboxApp> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Persona> _personas = new(StringComparer.Ordinal);

    // Personas read back from the persona file: the first create with the same id replaces one, so the
    // seeding of a restart (configuration, WeGate's demo) meets no conflict.
    private readonly ConcurrentDictionary<string, bool> _kept = new(StringComparer.Ordinal);

    public IReadOnlyList<SandboxApp> Apps => [.. _apps.Values.OrderBy(app => app.AppId, StringComparer.Ordinal)];

    public IReadOnlyList<Persona> Personas => [.. _personas.Values.OrderBy(persona => persona.Id, StringComparer.Ordinal)];

    // AppIDs look like WeChat's: "wx" + 16 hex; secrets are 32 hex.
    public static string NewAppId() => "wx" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public static string NewSecret() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    public bool TryAdd(SandboxApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return _apps.TryAdd(app.AppId, app);
    }

    public bool TryAdd(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        if (_kept.TryRemove(persona.Id, out _))
        {
            _personas[persona.Id] = persona;
            return true;
        }

        return _personas.TryAdd(persona.Id, persona);
    }

    internal void Keep(Persona persona)
    {
        if (_personas.TryAdd(persona.Id, persona))
        {
            _kept[persona.Id] = true;
        }
    }

    // Replaces an app's settings atomically; null when the app is unknown.
    public SandboxApp? Update(string appId, Func<SandboxApp, SandboxApp> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (_apps.TryGetValue(appId, out var current))
        {
            var changed = change(current) with { AppId = current.AppId };
            if (_apps.TryUpdate(appId, changed, current))
            {
                return changed;
            }
        }

        return null;
    }

    public SandboxApp? FindApp(string? appId) => appId is null ? null : _apps.GetValueOrDefault(appId);

    public Persona? FindPersona(string? id) => id is null ? null : _personas.GetValueOrDefault(id);

    // The persona behind an openid of an app, real or snapshot.
    public Persona? FindByOpenId(string appId, string openId) =>
        _personas.Values.FirstOrDefault(persona =>
            PersonaIds.OpenId(appId, persona.Id) == openId || PersonaIds.SnapshotOpenId(appId, persona.Id) == openId);
}
