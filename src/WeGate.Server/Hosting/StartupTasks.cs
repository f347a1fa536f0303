using WeGate.Core.Admin;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Server.Admin;
using WeGate.Server.Console;
using WeGate.Server.Setup;
using WeGate.Server.WeChat;
using WeGate.Storage.Migrations;

namespace WeGate.Server.Hosting;

// What runs before WeGate takes traffic: the master key, migrations, the default pool, the declared
// configuration, and an admin key. Any failure stops the start with a message that says what to do.
internal sealed class StartupTasks(
    WeGateOptions options, IHostEnvironment env, IServiceProvider services, Migrator migrator, IPoolStore pools,
    DeclarativeSetup declarative, IAdminKeyStore adminKeys, ConfiguredAdminKey configuredKey, ConsolePoolSetup console, ILogger<StartupTasks> logger)
{
    public string? GeneratedAdminKey { get; private set; }

    // Set while no console administrator exists (docs/console.md#the-first-administrator).
    public string? SetupCode { get; private set; }

    public async Task RunAsync(CancellationToken ct = default)
    {
        services.GetRequiredService<SecretProtector>();
        AnnounceSandbox();

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
        await console.EnsureAsync(ct);
        SetupCode = await services.GetRequiredService<ConsoleSetupCode>().AnnounceAsync(ct);
    }

    // docs/security.md#what-the-sandbox-must-never-be-exposed-to: outside Development the sandbox is mounted only
    // when WeGate:Sandbox:AllowInProduction says so (WeGateOptionsValidation), and then loudly.
    private void AnnounceSandbox()
    {
        if (!WeChatSetup.SandboxEnabled(options, env))
            return;
        if (env.IsDevelopment())
            logger.LogWarning("Development: the WeChat sandbox is mounted at {Prefix}; WeGate's WeChat calls go to it unless WeGate:WeChat:*BaseUrl is set.", options.Sandbox.Prefix);
        else
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
