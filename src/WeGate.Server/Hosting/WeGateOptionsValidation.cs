using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WeGate.Core.Secrets;
using WeGate.Server.Admin;
using WeGate.Server.Setup;
using WeGate.Server.WeChat;
using WeGate.Storage;

namespace WeGate.Server.Hosting;

// The WeGate section: every value with a limit, and the rules between values, as docs/configuration.md#settings
// lists them. The declared pools are checked by the admin API's rules (DeclarativeSetup.Problems).
internal sealed partial class WeGateOptionsValidation(IHostEnvironment env) : IValidateOptions<WeGateOptions>
{
    public ValidateOptionsResult Validate(string? name, WeGateOptions options)
    {
        var checks = new SettingChecks(WeGateOptions.Section);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            checks.Fail("DataDirectory", "must name a folder, e.g. data or /var/lib/wegate; it is empty.");
        if (options.Database.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
            checks.Fail("Database:ConnectionString", "is required for PostgreSQL, e.g. Host=db;Username=wegate;Password=…;Database=wegate.");
        checks.Range("Database:CacheSeconds", options.Database.CacheSeconds, 0, 300);
        CheckMasterKeys(checks, options);
        if (options.Admin.ApiKey is { Length: > 0 and < ConfiguredAdminKey.MinLength } apiKey)
            checks.Fail("Admin:ApiKey", $"must be at least {ConfiguredAdminKey.MinLength} characters; it is {apiKey.Length}. Generate one with `openssl rand -base64 32`.");
        checks.Range("Admin:MaxRequestBodyBytes", options.Admin.MaxRequestBodyBytes, 1024, 100 * 1024 * 1024);
        checks.Range("Admin:RequestsPerMinute", options.Admin.RequestsPerMinute, 1, int.MaxValue);
        CheckSandbox(checks, options);
        CheckPublicUrl(checks, options.PublicUrl);
        foreach (var (setting, value, min, max) in options.Oidc.Ranges())
            checks.Range("Oidc:" + setting, value, min, max);
        CheckForwardedHeaders(checks, options.ForwardedHeaders);
        checks.Range("HstsSeconds", options.HstsSeconds, 0, int.MaxValue);
        checks.HttpUrl("WeChat:ApiBaseUrl", options.WeChat.ApiBaseUrl, "https://api.weixin.qq.com");
        checks.HttpUrl("WeChat:OpenBaseUrl", options.WeChat.OpenBaseUrl, "https://open.weixin.qq.com");
        checks.HttpUrl("WeChat:MpBaseUrl", options.WeChat.MpBaseUrl, "https://mp.weixin.qq.com");
        checks.Range("WeChat:TimeoutSeconds", options.WeChat.TimeoutSeconds, 1, 60);
        checks.Add(DeclarativeSetup.Problems(options.Pools));
        return checks.Result();
    }

    // Only a key that is set is checked here: WeGate:MasterKey is required only by what decrypts
    // secrets, so `wegate migrate` runs without it (MasterKeyResolver refuses the start).
    private static void CheckMasterKeys(SettingChecks checks, WeGateOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
            CheckMasterKey(checks, "MasterKey", options.MasterKey);
        for (var i = 0; i < options.PreviousMasterKeys.Count; i++)
            CheckMasterKey(checks, $"PreviousMasterKeys:{i}", options.PreviousMasterKeys[i]);
    }

    private static void CheckMasterKey(SettingChecks checks, string key, string value)
    {
        try
        {
            SecretProtector.ParseKey(value);
        }
        catch (FormatException e)
        {
            checks.Fail(key, $"is not valid: {e.Message}.");
        }
    }

    // docs/security.md#what-the-sandbox-must-never-be-exposed-to: it lets anyone mint WeChat identities.
    private void CheckSandbox(SettingChecks checks, WeGateOptions options)
    {
        if (!SandboxPrefix().IsMatch(options.Sandbox.Prefix))
            checks.Fail("Sandbox:Prefix", $"must be a path such as /sandbox: a '/' and letters, digits, '-' or '_', with no '/' at the end; it is '{options.Sandbox.Prefix}'.");
        if (WeChatSetup.SandboxEnabled(options, env) && !env.IsDevelopment() && !options.Sandbox.AllowInProduction)
            checks.Fail("Sandbox:Enabled", $"is true in the {env.EnvironmentName} environment, where WeGate refuses the WeChat sandbox: it lets anyone mint WeChat identities. " +
                "Set WeGate:Sandbox:Enabled=false, or WeGate:Sandbox:AllowInProduction=true for a test deployment.");
    }

    private static void CheckPublicUrl(SettingChecks checks, string? publicUrl)
    {
        checks.HttpUrl("PublicUrl", publicUrl, "https://id.example.com");
        if (publicUrl is not null && SettingChecks.IsHttpUrl(publicUrl) && new Uri(publicUrl) is { Query.Length: > 0 } or { Fragment.Length: > 0 })
            checks.Fail("PublicUrl", $"must have no query or fragment: issuers are {{PublicUrl}}/pools/{{pool}}; it is '{publicUrl}'.");
    }

    private static void CheckForwardedHeaders(SettingChecks checks, ForwardedHeadersSettings forwarded)
    {
        foreach (var p in forwarded.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            checks.Fail("ForwardedHeaders:KnownProxies", $"has '{p}', which is not an IP address such as 10.0.0.5.");
        foreach (var n in forwarded.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            checks.Fail("ForwardedHeaders:KnownNetworks", $"has '{n}', which is not a network such as 10.0.0.0/8.");
        checks.Range("ForwardedHeaders:ForwardLimit", forwarded.ForwardLimit, 1, 10);
    }

    [GeneratedRegex("^(/[A-Za-z0-9_-]+)+$")]
    private static partial Regex SandboxPrefix();
}
