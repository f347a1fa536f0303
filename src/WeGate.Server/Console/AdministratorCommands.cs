using System.Globalization;
using WeGate.Core.Admin;
using WeGate.Server.Hosting;
using WeGate.Storage.Migrations;

namespace WeGate.Server.Console;

// `wegate admin list|remove|role` (docs/console.md#administrators): the console's Administrators page on
// the command line, through the same Administrators, with the actor `cli`. A broken rule is the
// command's error message and exit code 1.
internal static class AdministratorCommands
{
    public static async Task ListAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var admins = await PrepareAsync(services, ct);
        var list = await admins.ListAsync(ct);
        if (list.Count == 0)
            await output.WriteLineAsync("No administrator exists. `wegate admin create --email <you>` makes one.");
        foreach (var a in list)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{a.Email,-40} {a.Role,-10} created {a.CreatedAt:yyyy-MM-dd}  last sign-in {(a.LastSignInAt is { } at ? at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never")}"));
        }
    }

    public static Task RemoveAsync(IServiceProvider services, string? email, TextWriter output, CancellationToken ct) =>
        ActAsync(services, email, async (admins, who) =>
        {
            await admins.RemoveAsync(who.UserId, "cli", null, ct);
            await output.WriteLineAsync($"Administrator {who.Email} removed; their console sessions have ended.");
        }, ct);

    public static Task SetRoleAsync(IServiceProvider services, string? email, string? role, TextWriter output, CancellationToken ct) =>
        ActAsync(services, email, async (admins, who) =>
        {
            var changed = await admins.SetRoleAsync(who.UserId, role, "cli", null, ct);
            await output.WriteLineAsync(changed ? $"{who.Email} is now {role}." : $"{who.Email} is {role} already; nothing changed.");
        }, ct);

    private static async Task ActAsync(IServiceProvider services, string? email, Func<Administrators, AdministratorEntry, Task> act, CancellationToken ct)
    {
        var admins = await PrepareAsync(services, ct);
        try
        {
            await act(admins, await admins.FindAsync(email, ct));
        }
        catch (Exception e) when (Refused.Of(e) is { } refused)
        {
            throw new StartupException(refused.Message);
        }
    }

    // The schema, without the rest of a start nor the master key (as `admin create`).
    private static async Task<Administrators> PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        return services.GetRequiredService<Administrators>();
    }
}
