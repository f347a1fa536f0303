using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WeGate.Sandbox;
using WeGate.Server.Hosting;
using WeGate.WeChat.Client;

namespace WeGate.Server.WeChat;

internal static class WeChatSetup
{
    public const string HttpClientName = "wechat";

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
            Timeout = TimeSpan.FromSeconds(Math.Clamp(options.WeChat.TimeoutSeconds, 1, 60)),
        });
        services.AddSingleton(sp => new WeChatApiClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<WeChatClientOptions>()));
        services.AddSingleton<IAccessTokenStore, DatabaseAccessTokenStore>();
        services.AddSingleton(sp => new AccessTokenCache(sp.GetRequiredService<WeChatApiClient>(), sp.GetRequiredService<IAccessTokenStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<WeChatClientOptions>()));
    }

    public static void MapSandboxIfEnabled(this WebApplication app, WeGateOptions options)
    {
        if (SandboxEnabled(options, app.Environment))
            app.MapWeChatSandbox(options.Sandbox.Prefix, SandboxOptions.FromConfiguration(app.Configuration.GetSection("WeGate:Sandbox"), options.PublicUrl));
    }

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
            BaseUrl("WeGate:WeChat:ApiBaseUrl", w.ApiBaseUrl, WeChatEndpoints.Real.Api),
            BaseUrl("WeGate:WeChat:OpenBaseUrl", w.OpenBaseUrl, WeChatEndpoints.Real.Open),
            BaseUrl("WeGate:WeChat:MpBaseUrl", w.MpBaseUrl, WeChatEndpoints.Real.Mp));
    }

    private static Uri BaseUrl(string key, string? value, Uri fallback)
    {
        if (value is null)
            return fallback;
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new StartupException($"{key} must be an absolute http(s) URL, e.g. https://api.weixin.qq.com");
        return uri;
    }
}
