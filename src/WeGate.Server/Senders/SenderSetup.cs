using Microsoft.Extensions.DependencyInjection.Extensions;
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
    public static void AddWeGateSenders(this IServiceCollection services, IConfiguration configuration, WeGateOptions options, IHostEnvironment env)
    {
        var codes = Read<OneTimeCodeSettings>(configuration, OneTimeCodeSettings.Section);
        var email = Read<EmailSettings>(configuration, EmailSettings.Section);
        if (codes.Problems().Concat(email.Problems()).ToList() is { Count: > 0 } problems)
            throw new StartupException(string.Join("; ", problems));

        services.AddSingleton(codes);
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
        if (string.IsNullOrWhiteSpace(email.Smtp.Host))
            services.TryAddSingleton<IEmailSender, UnconfiguredEmailSender>();
        else
            services.TryAddSingleton<IEmailSender>(sp => new SmtpEmailSender(email.Smtp, sp.GetRequiredService<ILogger<SmtpEmailSender>>()));
    }

    private static T Read<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException($"{section} cannot be read: " + (e.InnerException?.Message ?? e.Message));
        }
    }
}
