using Microsoft.Extensions.Options;
using WeGate.Core.Webhooks;
using WeGate.Server.Hosting;
using WeGate.Storage.Stores;

namespace WeGate.Server.Webhooks;

internal static class WebhookSetup
{
    public static void AddWebhooks(this IServiceCollection services, IHostEnvironment env)
    {
        services.AddCheckedOptions(WebhookOptions.Section, new WebhookOptionsValidation());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Policy(env));
        services.AddSingleton<IWebhookStore, WebhookStore>();
        services.AddSingleton<IWebhookOutbox, WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.Handler(sp.GetRequiredService<WebhookPolicy>()))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookDeliverer>();
    }
}
