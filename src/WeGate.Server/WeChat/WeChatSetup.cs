using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WeGate.Sandbox;
using WeGate.Server.Hosting;
using WeGate.WeChat.Client;

namespace WeGate.Server.WeChat;

internal static class WeChatSetup
{
    public const string HttpClientName = "wechat";

    // The mounted sandbox's own options share the section with WeGate's SandboxSettings.
    private const string SandboxSection = "WeGate:Sandbox";

    public static bool SandboxEnabled(WeGateOptions options, IHostEnvironment env) => options.Sandbox.Enabled ?? env.IsDevelopment();

    // One WeChatApiClient for the process: the access-token cache's single flight must be shared. Its
    // HttpClient comes from the factory; the handler recycles pooled connections so DNS changes are seen.
    public static void AddWeGateWeChat(this IServiceCollection services, WeGateOptions options, IHostEnvironment env, IConfiguration configuration)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        // Resolved on first use, after Kestrel has bound, so the mounted sandbox's address is the real one.
        services.AddSingleton(sp => new WeChatClientOptions
        {
            Endpoints = Endpoints(options, env, ListeningAddress(sp, configuration)),
            Timeout = TimeSpan.FromSeconds(options.WeChat.TimeoutSeconds),
        });
        if (SandboxEnabled(options, env))
        {
            services.AddCheckedOptions(SandboxSection, new SandboxOptionsValidation(SandboxSection))
                .PostConfigure(o =>
                {
                    o.PublicUrl ??= options.PublicUrl;
                    o.PersonaFile ??= KeptPersonasFile(options, env);
                });
        }
        services.AddSingleton(sp => new WeChatApiClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<WeChatClientOptions>()));
        services.AddSingleton<IAccessTokenStore, DatabaseAccessTokenStore>();
        services.AddSingleton(sp => new AccessTokenCache(sp.GetRequiredService<WeChatApiClient>(), sp.GetRequiredService<IAccessTokenStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WeChatClientOptions>()));
    }

    public static void MapSandboxIfEnabled(this WebApplication app, WeGateOptions options)
    {
        if (SandboxEnabled(options, app.Environment))
            app.MapWeChatSandbox(options.Sandbox.Prefix, app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value);
    }

    // Development over the SQLite file in DataDirectory keeps the sandbox's personas beside it, so that
    // they and the accounts made with them survive a restart together (docs/sandbox.md#kept-personas).
    private static string? KeptPersonasFile(WeGateOptions options, IHostEnvironment env) =>
        env.IsDevelopment() && options.Database is { Provider: Storage.DatabaseProvider.Sqlite, ConnectionString: null or "" }
            ? Path.Combine(Path.GetFullPath(options.DataDirectory), "sandbox-personas.json")
            : null;

    private static string ListeningAddress(IServiceProvider sp, IConfiguration configuration) =>
        sp.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? (configuration[WebHostDefaults.ServerUrlsKey] ?? WeGateApp.DefaultUrl).Split(';')[0];

    private static WeChatEndpoints Endpoints(WeGateOptions options, IHostEnvironment env, string listening)
    {
        var w = options.WeChat;
        if (w.ApiBaseUrl is null && w.OpenBaseUrl is null && w.MpBaseUrl is null)
        {
            if (!SandboxEnabled(options, env))
                return WeChatEndpoints.Real;
            // The mounted sandbox answers on WeGate's own first address.
            var self = listening.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
            return WeChatEndpoints.Sandbox(new Uri(self.TrimEnd('/') + options.Sandbox.Prefix));
        }
        return new WeChatEndpoints(
            BaseUrl(w.ApiBaseUrl, WeChatEndpoints.Real.Api),
            BaseUrl(w.OpenBaseUrl, WeChatEndpoints.Real.Open),
            BaseUrl(w.MpBaseUrl, WeChatEndpoints.Real.Mp));
    }

    // WeGateOptionsValidation has refused a value that is not an absolute http(s) URL.
    private static Uri BaseUrl(string? value, Uri fallback) => value is null ? fallback : new Uri(value.TrimEnd('/') + "/");
}
