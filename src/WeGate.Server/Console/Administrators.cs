using WeGate.Core.Admin;
using WeGate.Core.Audit;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Server.Api;
using WeGate.Server.Login.Password;

namespace WeGate.Server.Console;

// Making an administrator (docs/console.md#administrators): a user of the console's pool who signs in
// with an email address and a password, and a role. `wegate admin create` and the set-up page both
// come here; the rules are the admin API's (the password policy, an email address as a login name).
internal sealed class Administrators(IUserStore users, LocalAccounts accounts, IAdministratorStore administrators, IAuditLog audit)
{
    public sealed record Created(string UserId, string Email, string Role);

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
        if (!AdministratorRole.All.Contains(role ?? ""))
            errors.Add("role", "must be owner or read-only");
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
        await audit.WriteAsync(new AuditEvent
        {
            Pool = ConsolePool.Name, Type = AuditEventType.AdminAdministratorCreated, Outcome = AuditOutcome.Success, UserId = user.Id, Actor = actor, Ip = ip,
            Reason = role,
        }, ct);
        return new Created(user.Id, identifier, role!);
    }

    private static ApiProblemException Taken() =>
        ApiProblemException.Conflict("An administrator exists already: the set-up page works only once. Ask an owner, or run `wegate admin create`.");
}
