using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeGate.Core.Admin;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Keys;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Core.Users;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using WeGate.Server.Console;
using WeGate.Server.Demo;
using WeGate.Server.Health;
using WeGate.Server.Interaction;
using WeGate.Server.Login;
using WeGate.Server.Oidc;
using WeGate.Server.Pages;
using WeGate.Server.Setup;
using WeGate.Server.Telemetry;
using WeGate.Server.WeChat;
using WeGate.Storage;
using WeGate.Storage.Caching;
using WeGate.Storage.Migrations;
using WeGate.Storage.Stores;

namespace WeGate.Server.Hosting;

public static class WeGateApp
{
    public const string DefaultUrl = "http://localhost:5080";

    // Builds the whole server. Tests call this with their own configuration and a real port.
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the binary; the data folder stays relative to where WeGate runs.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);
        var options = ReadOptions(builder.Configuration);
        var services = builder.Services;

        services.AddSingleton(options);
        services.AddSingleton<PublicAddress>();
        services.AddCheckedOptions(WeGateOptions.Section, new WeGateOptionsValidation(builder.Environment));
        // TryAdd: a test's clock, registered before (TestServer), takes its place.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => MasterKeyResolver.Resolve(options, builder.Environment, sp.GetRequiredService<ILoggerFactory>().CreateLogger("WeGate.Secrets")));
        services.AddSingleton(_ => Database.Create(options.Database.Provider, ConnectionString(options)));
        services.AddSingleton<Migrator>();
        services.AddSingleton(sp =>
        {
            // A write through this node's caching stores tells the other nodes to empty theirs (PostgresListener).
            var (db, log) = (sp.GetRequiredService<Database>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ReadCache>());
            return new ReadCache(TimeSpan.FromSeconds(options.Database.CacheSeconds), sp.GetRequiredService<TimeProvider>(),
                node => ClusterChannels.NotifyAsync(db, ClusterChannels.Cache, node, log, CancellationToken.None));
        });
        services.AddSingleton<PoolStore>();
        services.AddSingleton<IPoolStore>(sp => new CachedPoolStore(sp.GetRequiredService<PoolStore>(), sp.GetRequiredService<ReadCache>()));
        services.AddSingleton<ConnectionStore>();
        services.AddSingleton<IConnectionStore>(sp => new CachedConnectionStore(sp.GetRequiredService<ConnectionStore>(), sp.GetRequiredService<ReadCache>()));
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<IApplicationStore>(sp => new CachedApplicationStore(sp.GetRequiredService<ApplicationStore>(), sp.GetRequiredService<ReadCache>()));
        services.AddSingleton<IUserStore, UserStore>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<IAdminKeyStore, AdminKeyStore>();
        services.AddSingleton<IAdministratorStore, AdministratorStore>();
        services.AddSingleton<IAuditSearch, AuditSearch>();
        services.AddSingleton<IAuditCounts, AuditCounts>();
        services.AddSingleton<IDataProtectionKeyStore, DataProtectionKeyStore>();
        services.AddSingleton<IWeChatTokenStore, WeChatTokenStore>();
        services.AddCheckedOptions(HousekeepingOptions.Section, new HousekeepingOptionsValidation());
        services.AddHostedService<Housekeeping>();
        services.AddHttpClient();
        Webhooks.WebhookSetup.AddWebhooks(services, builder.Environment);
        services.AddWeGateWeChat(options, builder.Environment, builder.Configuration);
        services.AddWeGateOidc(options);
        services.AddInteraction();
        services.AddLoginFlows();
        Connections.DoctorSetup.AddConnectionDoctor(services);
        WeGate.Server.Senders.SenderSetup.AddWeGateSenders(services, options, builder.Environment);
        services.AddSingleton<DemoSetup>();
        services.AddSingleton<DemoReady>();
        services.AddSingleton<ConfiguredAdminKey>();
        services.AddSingleton<AdminAuthentication>();
        services.AddSingleton<DeclarativeSetup>();
        services.AddConsole();
        services.AddSingleton<StartupTasks>();

        // AES-256-GCM (authenticated, one pass) instead of the default AES-256-CBC with HMACSHA256:
        // about twice as fast per Protect/Unprotect here, and a login protects several values (the
        // anti-forgery tokens, the WeChat redirect state). Keys made before keep their own algorithm
        // until they expire (docs/performance.md#per-request-overhead).
        services.AddDataProtection().SetApplicationName("WeGate")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseKeyRing(sp.GetRequiredService<IDataProtectionKeyStore>());
            o.XmlEncryptor = new MasterKeyXmlEncryptor(sp.GetRequiredService<SecretProtector>());
        }));

        services.AddTransportSecurity(options);
        services.AddProblemDetails();
        ProblemsWhateverAccept.Add(services);
        services.AddExceptionHandler<ProblemHandler>();
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(Admin.AdminOpenApi.Configure);
        services.AddWeGateTelemetry(builder.Configuration);
        KestrelLimitsOptions.Add(services);

        var app = builder.Build();
        try
        {
            CheckSettings(app.Services);
        }
        catch
        {
            ((IHost)app).Dispose();
            throw;
        }
        app.UseTransportSecurity(options);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOidcCors();
        app.UseRateLimiter();
        app.UseFormBodies();
        app.MapHealthEndpoints();
        app.MapMetricsIfEnabled();
        app.MapAdminApi(options);
        app.MapSandboxIfEnabled(options);
        app.MapOidcEndpoints();
        app.MapErrorCatalog();
        app.MapDemoIfEnabled(options);
        app.MapInteraction();
        app.MapLoginFlows();
        app.MapConsole();
        Admin.AdminOpenApi.Map(app);
        return app;
    }

    // The WeGate section is read before the container exists, because its values decide what is
    // registered; WeGateOptionsValidation checks it with the other sections (CheckSettings).
    private static WeGateOptions ReadOptions(ConfigurationManager configuration)
    {
        try
        {
            return configuration.GetSection(WeGateOptions.Section).Get<WeGateOptions>() ?? new WeGateOptions();
        }
        catch (InvalidOperationException e)
        {
            throw Unreadable(e, " WeGate:Database:Provider takes sqlite or postgres.");
        }
    }

    // Every section registered with AddCheckedOptions is checked now, so that no command runs on a bad
    // value, and the host checks them again when it starts (docs/configuration.md#how-settings-are-checked).
    private static void CheckSettings(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (InvalidOperationException e)
        {
            throw Unreadable(e, "");
        }
    }

    // The binder's message names the setting and its value, e.g. "Failed to convert configuration value
    // 'many' at 'WeGate:OneTimeCodes:MaxAttempts' to type 'System.Int32'."
    private static StartupException Unreadable(InvalidOperationException e, string hint) =>
        new("A setting cannot be read: " + e.Message + hint);

    private static string ConnectionString(WeGateOptions options) =>
        options.Database.ConnectionString is { Length: > 0 } cs ? cs : $"Data Source={Path.Combine(Path.GetFullPath(options.DataDirectory), "wegate.db")}";
}
