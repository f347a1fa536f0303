using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Core.Validation;
using WeGate.Server.Hosting;

namespace WeGate.Server.Setup;

// Applies WeGate:Pools from configuration at start: creates what is missing and updates what exists,
// never duplicating, so an operator can keep WeGate's setup in git and restart at will. Everything is
// validated first, with the other settings (Problems, from WeGateOptionsValidation); one invalid entry
// stops the start with the configuration path that is wrong.
internal sealed class DeclarativeSetup(IPoolStore pools, IConnectionStore connections, IApplicationStore apps, ILogger<DeclarativeSetup> logger)
{
    public async Task ApplyAsync(IReadOnlyDictionary<string, DeclaredPool> declared, CancellationToken ct)
    {
        await CheckTypesUnchangedAsync(declared, ct);
        foreach (var (name, pool) in declared)
        {
            var displayName = pool.DisplayName ?? name;
            if (!await pools.CreateAsync(name, displayName, ct) && pool.DisplayName is not null)
                await pools.UpdateAsync(name, displayName, ct);

            foreach (var (slug, c) in pool.Connections)
            {
                var connection = c.ToConnection(name, slug);
                if (!await connections.CreateAsync(connection, c.Secrets(), ct))
                    await connections.UpdateAsync(connection, c.Secrets(), ct);
            }

            foreach (var (clientId, a) in pool.Applications)
            {
                var app = a.ToApplication(name, clientId);
                var hash = a.ClientSecret is null ? null : SecretHash.Hash(a.ClientSecret);
                if (!await apps.CreateAsync(app, hash, ct))
                {
                    await apps.UpdateAsync(app, ct);
                    if (hash is not null)
                        await apps.SetSecretHashAsync(name, clientId, hash, ct);
                }
            }
            logger.LogInformation("Applied pool {Pool} from configuration: {Connections} connection(s), {Applications} application(s)",
                name, pool.Connections.Count, pool.Applications.Count);
        }
    }

    // Checked for every entry before anything is written, so a refused start leaves nothing half-applied.
    private async Task CheckTypesUnchangedAsync(IReadOnlyDictionary<string, DeclaredPool> declared, CancellationToken ct)
    {
        var problems = new List<string>();
        foreach (var (name, pool) in declared)
        {
            foreach (var (slug, c) in pool.Connections)
            {
                if (await connections.GetAsync(name, slug, ct) is { } stored && stored.Type != c.Type)
                    problems.Add($"WeGate:Pools:{name}:Connections:{slug}:Type is {c.Type}, but the stored connection is {stored.Type}; a connection's type cannot change (declare a new slug)");
            }
            foreach (var (clientId, a) in pool.Applications)
            {
                if (await apps.GetAsync(name, clientId, ct) is { } stored && stored.Type != a.Type)
                    problems.Add($"WeGate:Pools:{name}:Applications:{clientId}:Type is {a.Type}, but the stored application is {stored.Type}; an application's type cannot change (declare a new client id)");
            }
        }
        if (problems.Count > 0)
            throw new StartupException("The declared configuration conflicts with what is stored:\n  " + string.Join("\n  ", problems));
    }

    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, DeclaredPool> declared)
    {
        var problems = new List<string>();
        foreach (var (name, pool) in declared)
        {
            var path = $"WeGate:Pools:{name}";
            if (!Slug.IsValid(name))
                problems.Add($"{path}: the pool name must be {Slug.Rule}");
            foreach (var (slug, c) in pool.Connections)
            {
                var errors = new ValidationErrors();
                ConnectionRules.Validate(c.ToConnection(name, slug), c.Secrets(), errors);
                problems.AddRange(Describe($"{path}:Connections:{slug}", errors));
            }
            foreach (var (clientId, a) in pool.Applications)
            {
                var errors = new ValidationErrors();
                var app = a.ToApplication(name, clientId);
                ApplicationRules.Validate(app, errors);
                foreach (var missing in app.Connections.Where(s => !pool.Connections.ContainsKey(s)))
                    errors.Add("connections", $"'{missing}' is not declared under {path}:Connections");
                if (app.IsConfidential && string.IsNullOrEmpty(a.ClientSecret))
                    errors.Add("client_secret", "is required for a web application declared in configuration (WeGate cannot show a generated one)");
                else if (a.ClientSecret is { Length: < 32 })
                    errors.Add("client_secret", "must be at least 32 characters");
                problems.AddRange(Describe($"{path}:Applications:{clientId}", errors));
            }
        }
        return problems;
    }

    private static IEnumerable<string> Describe(string path, ValidationErrors errors) =>
        errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{path}: {e.Key} {m}"));
}
