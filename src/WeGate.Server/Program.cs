using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WeGate.Core.Admin;
using WeGate.Core.Secrets;
using WeGate.Sandbox.Hosting;
using WeGate.Server.Hosting;
using WeGate.Storage.Migrations;

var root = new RootCommand("WeGate: every WeChat login, one account per person, standard OpenID Connect.")
{
    TreatUnmatchedTokensAsErrors = false,
};
var serve = new Command("serve", "Run WeGate (the default when no command is given).") { TreatUnmatchedTokensAsErrors = false };
var migrate = new Command("migrate", "Apply the database migrations and exit.") { TreatUnmatchedTokensAsErrors = false };
var adminKey = new Command("admin-key", "Manage admin API keys.");
var create = new Command("create", "Create an admin API key and print it once.") { TreatUnmatchedTokensAsErrors = false };
var nameOption = new Option<string>("--name") { Description = "A name that says who or what uses the key.", DefaultValueFactory = _ => "cli" };
var keyPoolOption = new Option<string[]>("--pool") { Description = "Limit the key to this pool (repeat for several); without it the key manages every pool." };
create.Options.Add(nameOption);
create.Options.Add(keyPoolOption);
var listKeys = new Command("list", "List the admin API keys (never their secrets).") { TreatUnmatchedTokensAsErrors = false };
var revoke = new Command("revoke", "Revoke an admin API key at once.") { TreatUnmatchedTokensAsErrors = false };
var keyIdArgument = new Argument<string>("id") { Description = "The key id: the 12 characters after wgk_ (see `wegate admin-key list`)." };
revoke.Arguments.Add(keyIdArgument);
adminKey.Subcommands.Add(create);
adminKey.Subcommands.Add(listKeys);
adminKey.Subcommands.Add(revoke);
var administrator = new Command("admin", "Manage the console's administrators (docs/console.md).");
var createAdministrator = new Command("create", "Create a console administrator who signs in with an email address and a password.") { TreatUnmatchedTokensAsErrors = false };
var emailOption = new Option<string>("--email") { Description = "The administrator's email address: their login name.", Required = true };
var roleOption = new Option<string>("--role") { Description = "owner (may change everything) or read-only (sees everything, changes nothing).", DefaultValueFactory = _ => "owner" };
var passwordStdinOption = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input instead of generating one." };
createAdministrator.Options.Add(emailOption);
createAdministrator.Options.Add(roleOption);
createAdministrator.Options.Add(passwordStdinOption);
administrator.Subcommands.Add(createAdministrator);
var listAdministrators = new Command("list", "List the console's administrators with their role and last sign-in.") { TreatUnmatchedTokensAsErrors = false };
var removeAdministrator = new Command("remove", "Remove an administrator; their console sessions end at once. Never the last owner.") { TreatUnmatchedTokensAsErrors = false };
var administratorArgument = new Argument<string>("email") { Description = "The administrator's email address (see `wegate admin list`)." };
removeAdministrator.Arguments.Add(administratorArgument);
var roleAdministrator = new Command("role", "Change an administrator's role; it counts from their next request. The last owner stays an owner.") { TreatUnmatchedTokensAsErrors = false };
var newRoleArgument = new Argument<string>("role") { Description = "owner or read-only." };
roleAdministrator.Arguments.Add(administratorArgument);
roleAdministrator.Arguments.Add(newRoleArgument);
administrator.Subcommands.Add(listAdministrators);
administrator.Subcommands.Add(removeAdministrator);
administrator.Subcommands.Add(roleAdministrator);
var sandbox = new Command("sandbox", $"Run the WeChat sandbox on its own, without WeGate (default {SandboxHost.DefaultUrl}; docs/sandbox.md).") { TreatUnmatchedTokensAsErrors = false };
var sandboxConfig = new Option<FileInfo?>("--config") { Description = "A JSON file whose \"Sandbox\" section lists the apps and personas to create at start." };
sandbox.Options.Add(sandboxConfig);
var keys = new Command("keys", "Manage a pool's token signing keys.");
var rotate = new Command("rotate", "Start signing with the key published at the last rotation, and publish a new next key.") { TreatUnmatchedTokensAsErrors = false };
var poolOption = new Option<string>("--pool") { Description = "The pool whose key to rotate.", DefaultValueFactory = _ => "default" };
var algorithmOption = new Option<string>("--algorithm") { Description = "ES256 or RS256.", Required = true };
rotate.Options.Add(poolOption);
rotate.Options.Add(algorithmOption);
keys.Subcommands.Add(rotate);
root.Subcommands.Add(keys);
var doctor = new Command("doctor", "Check a pool's connections against WeChat and say how to fix each failure; exit code 1 when a check fails.") { TreatUnmatchedTokensAsErrors = false };
var doctorPoolOption = new Option<string>("--pool") { Description = "The pool whose connections to check.", DefaultValueFactory = _ => "default" };
var doctorConnectionOption = new Option<string?>("--connection") { Description = "Check only this connection (its slug); without it, every connection of the pool." };
doctor.Options.Add(doctorPoolOption);
doctor.Options.Add(doctorConnectionOption);
root.Subcommands.Add(doctor);
root.Subcommands.Add(serve);
root.Subcommands.Add(migrate);
root.Subcommands.Add(adminKey);
root.Subcommands.Add(administrator);
root.Subcommands.Add(sandbox);

root.SetAction((result, ct) => Run(result, ServeAsync));
serve.SetAction((result, ct) => Run(result, ServeAsync));
migrate.SetAction((result, ct) => Run(result, async app =>
{
    var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    await Console.Out.WriteLineAsync(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}"))}");
}));
create.SetAction((result, ct) => Run(result, async app =>
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    var pools = (result.GetValue(keyPoolOption) ?? []).Distinct(StringComparer.Ordinal).ToList();
    foreach (var pool in pools)
    {
        if (await app.Services.GetRequiredService<WeGate.Core.Pools.IPoolStore>().GetAsync(pool, ct) is null)
            throw new StartupException($"There is no pool '{pool}'");
    }
    var (created, key) = await WeGate.Server.Admin.AdminKeyEndpoints.CreateAsync(app.Services.GetRequiredService<IAdminKeyStore>(), result.GetValue(nameOption) ?? "cli", pools, ct);
    await Console.Out.WriteLineAsync($"Admin API key '{created.Id}' created{(pools.Count > 0 ? " for " + string.Join(", ", pools) : "")}. It is shown only now:\n{key}");
}));
createAdministrator.SetAction((result, ct) => Run(result, async app =>
{
    // The schema and the console's pool, without the rest of a start nor the master key (as admin-key create).
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    await app.Services.GetRequiredService<WeGate.Server.Console.ConsolePoolSetup>().EnsureAsync(ct);
    // A password never travels on the command line (shell history, the process list): it is generated, or read from stdin.
    var fromStdin = result.GetValue(passwordStdinOption);
    var password = fromStdin ? await Console.In.ReadLineAsync(ct) : WeGate.Server.Console.Administrators.NewPassword();
    try
    {
        var made = await app.Services.GetRequiredService<WeGate.Server.Console.Administrators>().CreateAsync(result.GetValue(emailOption), password,
            result.GetValue(roleOption), first: false, "cli", null, ct);
        await Console.Out.WriteLineAsync($"Administrator {made.Email} ({made.Role}) created. Sign in at /console." + (fromStdin ? "" : $" The password is shown only now:\n{password}"));
    }
    catch (Exception e) when (WeGate.Server.Console.Refused.Of(e) is { } refused)
    {
        throw new StartupException(refused.Message);
    }
}));
listAdministrators.SetAction((result, ct) => Run(result, app => WeGate.Server.Console.AdministratorCommands.ListAsync(app.Services, Console.Out, ct)));
removeAdministrator.SetAction((result, ct) => Run(result, app =>
    WeGate.Server.Console.AdministratorCommands.RemoveAsync(app.Services, result.GetValue(administratorArgument), Console.Out, ct)));
roleAdministrator.SetAction((result, ct) => Run(result, app =>
    WeGate.Server.Console.AdministratorCommands.SetRoleAsync(app.Services, result.GetValue(administratorArgument), result.GetValue(newRoleArgument), Console.Out, ct)));
listKeys.SetAction((result, ct) => Run(result, async app =>
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    foreach (var k in await app.Services.GetRequiredService<IAdminKeyStore>().ListAsync(ct))
    {
        await Console.Out.WriteLineAsync($"{k.Id}  {k.Name,-20} {(k.Revoked ? "revoked" : "live"),-8} pools: {(k.IsScoped ? string.Join(",", k.Pools) : "all")}" +
            $"  created {k.CreatedAt:yyyy-MM-dd}  last used {(k.LastUsedAt is { } used ? used.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never")}");
    }
}));
revoke.SetAction((result, ct) => Run(result, async app =>
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    var id = result.GetValue(keyIdArgument) ?? "";
    if (!await app.Services.GetRequiredService<IAdminKeyStore>().RevokeAsync(id, ct))
        throw new StartupException($"There is no live admin key '{id}'; `wegate admin-key list` shows them");
    await Console.Out.WriteLineAsync($"Admin API key '{id}' is revoked.");
}));
rotate.SetAction((result, ct) => Run(result, async app =>
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
    var pool = result.GetValue(poolOption) ?? "default";
    var algorithm = (result.GetValue(algorithmOption) ?? "").ToUpperInvariant();
    if (!WeGate.Server.Oidc.Keys.JwsAlgorithm.IsSupported(algorithm))
        throw new StartupException("--algorithm must be ES256 or RS256");
    if (await app.Services.GetRequiredService<WeGate.Core.Pools.IPoolStore>().GetAsync(pool, ct) is null)
        throw new StartupException($"There is no pool '{pool}'");
    var (kid, retention) = await app.Services.GetRequiredService<WeGate.Server.Oidc.Keys.KeyRotation>().RotateAsync(pool, algorithm, null, ct);
    await Console.Out.WriteLineAsync($"Pool '{pool}' now signs {algorithm} tokens with {kid}; the previous key stays published for {retention.TotalMinutes:0} minutes.");
}));
doctor.SetAction(async (result, ct) =>
{
    var failed = 0;
    var code = await Run(result, async app =>
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
        failed = await WeGate.Server.Connections.DoctorCommand.RunAsync(app.Services, result.GetValue(doctorPoolOption) ?? "default",
            result.GetValue(doctorConnectionOption), Console.Out, ct);
    });
    return code != 0 ? code : failed;
});
sandbox.SetAction(async (result, ct) =>
{
    try
    {
        await using var app = SandboxHost.Build([.. result.UnmatchedTokens], result.GetValue(sandboxConfig)?.FullName);
        var seeded = await SandboxHost.SeedAsync(app, ct);
        await app.StartAsync(ct);
        await Console.Out.WriteLineAsync(SandboxHost.Describe(app, seeded));
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
    catch (SandboxStartupException e)
    {
        await Console.Error.WriteLineAsync("The WeChat sandbox cannot start: " + e.Message);
        return 1;
    }
});

return await root.Parse(args).InvokeAsync();

static async Task<int> Run(ParseResult result, Func<WebApplication, Task> action)
{
    try
    {
        await using var app = WeGateApp.Build([.. result.UnmatchedTokens]);
        await action(app);
        return 0;
    }
    catch (Exception e) when (StartupFailure.Describe(e) is { } reason)
    {
        var command = result.CommandResult.Command.Name;
        await Console.Error.WriteLineAsync((command is "serve" or "wegate" ? "WeGate cannot start: " : $"wegate {command}: ") + reason);
        return 1;
    }
}

static async Task ServeAsync(WebApplication app)
{
    var startup = app.Services.GetRequiredService<StartupTasks>();
    await startup.RunAsync(app.Lifetime.ApplicationStopping);
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        var banner = $"""

            WeGate is running at {address}
              Console        {address}/console
              Admin API      {address}/admin/api   (Authorization: Bearer <admin key>)
              OpenAPI        {address}/openapi/v1.json   (browse it: {address}/admin/reference/v1)
              Health         {address}/healthz, {address}/readyz
              Demo           {address}/demo   (Development: try every WeChat login)
              Virtual phone  {address}/sandbox/phone
              Docs           docs/README.md
            """;
        if (startup.SetupCode is { } setupCode)
            banner += $"\n  Console set-up {address}/console/setup   set-up code {setupCode}\n                 (no administrator exists yet: the code makes the first owner, once)\n";
        if (startup.GeneratedAdminKey is { } key)
            banner += $"\n  Admin key      {key}\n                 (generated for Development and shown only this once)\n";
        Console.Out.WriteLine(banner);
    });
    await app.RunAsync();
}
