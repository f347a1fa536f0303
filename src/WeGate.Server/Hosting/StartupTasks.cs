using WeGate.Core.Admin;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Server.Admin;
using WeGate.Server.Setup;
using WeGate.Server.WeChat;
using WeGate.Storage.Migrations;

namespace WeGate.Server.Hosting;

// What runs before WeGate takes traffic: the master key, migrations, the default pool, the declared
// configuration, and an admin key. Any failure stops the start with a message that says what to do.
internal sealed class StartupTasks(
    WeGateOptions options, IHostEnvironment env, IServiceProvider services, Migrator migrator, IPoolStore pools,
    DeclarativeSetup declarative, IAdminKeyStore adminKeys, ConfiguredAdminKey configuredKey, ILogger<StartupTasks> logger)
{
    public string? GeneratedAdminKey { get; private set; }

    public async Task RunAsync(CancellationToken ct = default)
    {
        services.GetRequiredService<SecretProtector>();
        CheckSandbox();
        if (options.Admin.ApiKey is { Length: > 0 and < ConfiguredAdminKey.MinLength })
            throw new StartupException($"WeGate:Admin:ApiKey must be at least {ConfiguredAdminKey.MinLength} characters.");

        if (options.Database.MigrateOnStart)
        {
            foreach (var m in await migrator.MigrateAsync(ct))
                logger.LogInformation("Applied migration {Version} {Name}", m.Version, m.Name);
        }
        var status = await migrator.GetStatusAsync(ct);
        if (status.Current > status.Latest)
            throw new DatabaseTooNewException(status.Current, status.Latest);
        if (!status.IsCurrent)
            throw new StartupException($"The database schema is at version {status.Current} and this WeGate needs {status.Latest}: run `wegate migrate` (or enable WeGate:Database:MigrateOnStart).");

        if (await pools.CreateAsync(Pool.Default, "Default pool", ct))
            logger.LogInformation("Created the pool '{Pool}'", Pool.Default);
        await declarative.ApplyAsync(options.Pools, ct);
        await EnsureAdminKeyAsync(ct);
    }

    // docs/security.md#what-the-sandbox-must-never-be-exposed-to: Production refuses to start with the sandbox unless explicitly told to, and says so loudly.
    private void CheckSandbox()
    {
        if (!WeChatSetup.SandboxEnabled(options, env))
            return;
        if (env.IsDevelopment())
        {
            logger.LogWarning("Development: the WeChat sandbox is mounted at {Prefix}; WeGate's WeChat calls go to it unless WeGate:WeChat:*BaseUrl is set.", options.Sandbox.Prefix);
            return;
        }
        if (!options.Sandbox.AllowInProduction)
            throw new StartupException($"The WeChat sandbox is enabled in the {env.EnvironmentName} environment. It lets anyone mint WeChat identities, so WeGate refuses to " +
                "start with it outside Development. Set WeGate:Sandbox:Enabled=false, or WeGate:Sandbox:AllowInProduction=true for a test deployment.");
        logger.LogCritical("THE WECHAT SANDBOX IS MOUNTED AT {Prefix} IN {Environment}: anyone can mint WeChat identities on this server. Never do this with real users.",
            options.Sandbox.Prefix, env.EnvironmentName);
    }

    private async Task EnsureAdminKeyAsync(CancellationToken ct)
    {
        if (configuredKey.IsSet || await adminKeys.AnyAsync(ct))
            return;
        if (!env.IsDevelopment())
            throw new StartupException("No admin API key exists. Set WeGate:Admin:ApiKey (WEGATE__ADMIN__APIKEY, at least 32 random characters) or run `wegate admin-key create` once.");
        var (id, key) = AdminKeys.Generate();
        await adminKeys.CreateAsync(new AdminKey(id, "development", default, null, false), SecretHash.Hash(key), ct);
        GeneratedAdminKey = key;
        logger.LogWarning("Development: generated the admin API key {KeyId}; it is shown once on the console. Production requires a configured key.", id);
    }
}
