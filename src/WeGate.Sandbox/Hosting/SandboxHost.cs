using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeGate.Sandbox.Control;

namespace WeGate.Sandbox.Hosting;

// The sandbox on its own (`wegate sandbox`): one simulated WeChat at the root of its own port, with the
// same paths as the mounted one minus the /sandbox prefix (/api, /open, /mp, /control). Configuration
// comes from the usual ASP.NET sources plus an optional JSON file, which wins over them; its "Sandbox"
// section holds the options (lifetimes, limits) and the apps and personas to create at start
// (SandboxSeeding).
public static class SandboxHost
{
    public const string DefaultUrl = "http://localhost:5090";
    public const string Section = "Sandbox";

    public static WebApplication Build(string[] args, string? configFile = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (configFile is not null)
        {
            AddConfigFile(builder.Configuration, configFile);
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // One line per simulated call is what the call log (/control/calls) is for; keep the console quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient();

        var options = ReadOptions(builder.Configuration);
        var app = builder.Build();
        app.MapWeChatSandbox("", options);
        return app;
    }

    // Creates the configured apps and personas; call after Build and before the host starts listening.
    public static Task<SeededSandbox> SeedAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return SandboxSeeding.SeedAsync(app, app.Configuration.GetSection(Section), "", cancellationToken);
    }

    // What to print once the host listens: where each simulated WeChat host lives, and what was seeded.
    public static string Describe(WebApplication app, SeededSandbox seeded)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(seeded);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var root = addresses?.FirstOrDefault() ?? DefaultUrl;
        var text = new StringBuilder();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The WeChat sandbox is running at {root}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  api.weixin.qq.com   {root}/api       e.g. {root}/api/cgi-bin/token");
        text.AppendLine(CultureInfo.InvariantCulture, $"  open.weixin.qq.com  {root}/open      e.g. {root}/open/connect/qrconnect");
        text.AppendLine(CultureInfo.InvariantCulture, $"  mp.weixin.qq.com    {root}/mp        e.g. {root}/mp/cgi-bin/showqrcode");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Control API         {root}/control   e.g. POST {root}/control/apps");
        text.AppendLine("  Docs                docs/sandbox.md");
        foreach (var entry in seeded.Apps)
        {
            var type = JsonSerializer.Serialize(entry.Type, SandboxControlJson.Options).Trim('"');
            text.AppendLine(CultureInfo.InvariantCulture, $"  App      {type,-17} {entry.AppId}  secret {entry.Secret}");
        }

        foreach (var persona in seeded.Personas)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Persona  {persona.Id}");
        }

        return text.ToString();
    }

    private static void AddConfigFile(ConfigurationManager configuration, string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new SandboxStartupException($"The configuration file {fullPath} does not exist.");
        }

        try
        {
            configuration.AddJsonFile(fullPath, optional: false, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            throw new SandboxStartupException($"The configuration file {fullPath} is not valid JSON: {Innermost(e).Message}");
        }
    }

    private static SandboxOptions ReadOptions(ConfigurationManager configuration)
    {
        SandboxOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<SandboxOptions>() ?? new SandboxOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new SandboxStartupException($"{e.Message} {Innermost(e).Message}");
        }
        var result = new SandboxOptionsValidation(Section).Validate(null, options);
        return result.Failed ? throw new SandboxStartupException(string.Join("\n  ", ["Settings are not valid:", .. result.Failures])) : options;
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
