using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeGate.Core.OneTimeCodes;
using WeGate.Sandbox.Outbox;
using WeGate.Server.Hosting;
using WeGate.Server.WeChat;
using WeGate.Storage.Stores;

namespace WeGate.Server.Senders;

// One-time codes and what delivers them (docs/configuration.md#one-time-codes), through a queue that
// a background worker drains. An ISmsSender or IEmailSender the host registered before Build is used
// as it is. Otherwise, with the sandbox mounted, SMS and email go to its outbox; without it, email goes
// over SMTP when WeGate:Email:Smtp:Host is set (no SMS provider ships yet); a channel with nothing to
// deliver refuses codes with the settings to set.
internal static class SenderSetup
{
    public static void AddWeGateSenders(this IServiceCollection services, WeGateOptions options, IHostEnvironment env)
    {
        services.AddCheckedOptions(OneTimeCodeSettings.Section, new OneTimeCodeSettingsValidation());
        services.AddCheckedOptions(EmailSettings.Section, new EmailSettingsValidation());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OneTimeCodeSettings>>().Value);
        services.AddSingleton<IOneTimeCodeStore, OneTimeCodeStore>();
        services.AddSingleton<CodeHasher>();
        services.AddSingleton<OneTimeCodeService>();
        services.AddSingleton<CodeDelivery>();
        services.AddSingleton<CodeDeliveryQueue>();
        services.AddSingleton<ICodeDispatcher>(sp => sp.GetRequiredService<CodeDeliveryQueue>());
        services.AddHostedService<CodeDeliveryWorker>();
        if (WeChatSetup.SandboxEnabled(options, env))
        {
            services.AddSingleton(sp => new SandboxOutbox(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<OutboxSender>();
            services.TryAddSingleton<ISmsSender>(sp => sp.GetRequiredService<OutboxSender>());
            services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<OutboxSender>());
            return;
        }
        services.TryAddSingleton<ISmsSender, UnconfiguredSmsSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailSettings>>().Value.Smtp is var smtp && string.IsNullOrWhiteSpace(smtp.Host)
            ? new UnconfiguredEmailSender()
            : new SmtpEmailSender(smtp, sp.GetRequiredService<ILogger<SmtpEmailSender>>()));
    }
}
