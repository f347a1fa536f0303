using WeGate.Core.Admin;
using WeGate.Core.Audit;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Server.Api;
using WeGate.Server.Login.Password;

namespace WeGate.Server.Console;

// Managing administrators (docs/console.md#administrators): users of the console's pool who sign in
// with an email address and a password, each with a role. `wegate admin …`, the set-up page and the
// console's Administrators page all come here; the rules are the admin API's (the password policy, an
// email address as a login name), and the last owner can be neither removed nor demoted.
internal sealed class Administrators(IUserStore users, LocalAccounts accounts, IAdministratorStore administrators, IAuditLog audit)
{
    public sealed record Created(string UserId, string Email, string Role);

    // A password made for a new administrator, shown once (the CLI and the console).
    public static string NewPassword() => Core.Secrets.SecretHash.NewSecret("")[..24];

    // first: only while no administrator exists (the set-up page). Throws ApiProblemException with the
    // rule broken, and changes nothing then.
    public async Task<Created> CreateAsync(string? email, string? password, string? role, bool first, string actor, string? ip, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var (kind, identifier) = LoginNames.Classify(email ?? "");
        if (kind != IdentityKind.Email || identifier.Length > LoginNames.MaxLength)
            errors.Add("email", "must be an email address");
        if (LocalAccounts.CheckPolicy(password) is { } rule)
            errors.Add("password", rule);
        CheckRole(errors, role);
        errors.ThrowIfAny();
        if (first && await administrators.AnyAsync(ct))
            throw Taken();
        User user;
        try
        {
            user = await users.CreateAsync(new NewUser(ConsolePool.Name, UserProfile.Empty with { Email = identifier }, [new NewIdentity(IdentityKind.Email, identifier)]), ct);
        }
        catch (IdentityConflictException)
        {
            throw ApiProblemException.Conflict($"An administrator with the email address {identifier} exists already.");
        }
        await accounts.SetPasswordAsync(ConsolePool.Name, user.Id, password!, ct);
        if (!(first ? await administrators.CreateFirstAsync(user.Id, role!, ct) : await administrators.CreateAsync(user.Id, role!, ct)))
        {
            // Another set-up won the race: this user stays a person of the console's pool without a role, and cannot use the console.
            await users.SetBlockedAsync(ConsolePool.Name, user.Id, true, ct);
            throw Taken();
        }
        await WriteAsync(AuditEventType.AdminAdministratorCreated, user.Id, actor, ip, role, ct);
        return new Created(user.Id, identifier, role!);
    }

    public Task<IReadOnlyList<AdministratorEntry>> ListAsync(CancellationToken ct) => administrators.ListAsync(ct);

    // The administrator who signs in with this email address (the CLI names administrators so).
    public async Task<AdministratorEntry> FindAsync(string? email, CancellationToken ct)
    {
        var (_, identifier) = LoginNames.Classify(email ?? "");
        return (await administrators.ListAsync(ct)).FirstOrDefault(a => string.Equals(a.Email, identifier, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiProblemException.NotFound($"There is no administrator with the email address '{email}'. `wegate admin list` lists them.");
    }

    public async Task<AdministratorEntry> GetAsync(string userId, CancellationToken ct) =>
        (await administrators.ListAsync(ct)).FirstOrDefault(a => a.UserId == userId) ?? throw NotFound(userId);

    // Ends every session of the administrator at once (the console reads the administrator on each request).
    public async Task RemoveAsync(string userId, string actor, string? ip, CancellationToken ct)
    {
        var before = await GetAsync(userId, ct);
        Check(await administrators.RemoveAsync(userId, ct), before, "removed");
        await WriteAsync(AuditEventType.AdminAdministratorRemoved, userId, actor, ip, $"removed {before.Email} ({before.Role})", ct);
    }

    // False when the administrator had the role already (nothing is written then).
    public async Task<bool> SetRoleAsync(string userId, string? role, string actor, string? ip, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        CheckRole(errors, role);
        errors.ThrowIfAny();
        var before = await GetAsync(userId, ct);
        if (before.Role == role)
            return false;
        Check(await administrators.SetRoleAsync(userId, role!, ct), before, "made " + role);
        await WriteAsync(AuditEventType.AdminAdministratorRoleChanged, userId, actor, ip, $"{before.Email}: {before.Role} → {role}", ct);
        return true;
    }

    private static void CheckRole(ValidationErrors errors, string? role)
    {
        if (!AdministratorRole.All.Contains(role ?? ""))
            errors.Add("role", "must be owner or read-only");
    }

    private static void Check(AdministratorChange change, AdministratorEntry who, string what)
    {
        if (change == AdministratorChange.NotFound)
            throw NotFound(who.UserId);
        if (change == AdministratorChange.LastOwner)
            throw ApiProblemException.Conflict($"{who.Email} is the only owner and cannot be {what}: make another administrator an owner first.");
    }

    private Task WriteAsync(string type, string userId, string actor, string? ip, string? reason, CancellationToken ct) =>
        audit.WriteAsync(new AuditEvent
        {
            Pool = ConsolePool.Name, Type = type, Outcome = AuditOutcome.Success, UserId = userId, Actor = actor, Ip = ip, Reason = reason,
        }, ct);

    private static ApiProblemException NotFound(string userId) => ApiProblemException.NotFound($"There is no administrator '{userId}'.");

    private static ApiProblemException Taken() =>
        ApiProblemException.Conflict("An administrator exists already: the set-up page works only once. Ask an owner, or run `wegate admin create`.");
}
