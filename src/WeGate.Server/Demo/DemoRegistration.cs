using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WeGate.Server.Hosting;
using WeGate.Server.WeChat;

namespace WeGate.Server.Demo;

internal static class DemoRegistration
{
    public static bool Enabled(WeGateOptions options, IHostEnvironment env) =>
        options.Demo ?? (env.IsDevelopment() && WeChatSetup.SandboxEnabled(options, env));

    // The demo is prepared once WeGate listens, through the sandbox's HTTP control API; a failure is
    // logged and leaves WeGate running.
    public static void MapDemoIfEnabled(this WebApplication app, WeGateOptions options)
    {
        if (!Enabled(options, app.Environment))
            return;
        StartPage.Map(app, options);
        DemoEndpoints.Map(app);
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? WeGateApp.DefaultUrl;
            var self = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
            try
            {
                await app.Services.GetRequiredService<DemoSetup>().PrepareAsync(self, app.Lifetime.ApplicationStopping);
                app.Services.GetRequiredService<DemoReady>().Set();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException or System.Data.Common.DbException)
            {
                app.Logger.LogError(e, "The Development demo could not be prepared; WeGate runs without it");
            }
        }));
    }
}

// Lets tests (and the banner) wait until the demo is prepared.
internal sealed class DemoReady
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _ready.Task;

    public void Set() => _ready.TrySetResult();
}
