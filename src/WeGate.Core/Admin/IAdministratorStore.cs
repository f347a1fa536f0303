namespace WeGate.Core.Admin;

// The console's administrators: users of the console's own pool (ConsolePool), each with a role
// (docs/console.md#roles). The role is read on every console request, so a change takes effect at once.
public interface IAdministratorStore
{
    Task<bool> AnyAsync(CancellationToken ct = default);

    // False when the user is an administrator already.
    Task<bool> CreateAsync(string userId, string role, CancellationToken ct = default);

    // The first administrator only: false when any administrator exists, so two set-ups racing make one.
    Task<bool> CreateFirstAsync(string userId, string role, CancellationToken ct = default);

    Task<Administrator?> GetAsync(string userId, CancellationToken ct = default);

    // Every administrator with the email they sign in with and their last sign-in, by email.
    Task<IReadOnlyList<AdministratorEntry>> ListAsync(CancellationToken ct = default);

    // Deletes the administrator's user, with its password, sessions and refresh tokens, and revokes its
    // grants, so every session ends at once; never the last owner. Racing changes take turns, so two
    // owners removing each other leave one.
    Task<AdministratorChange> RemoveAsync(string userId, CancellationToken ct = default);

    // The same rule: the last owner keeps the role.
    Task<AdministratorChange> SetRoleAsync(string userId, string role, CancellationToken ct = default);
}

public sealed record AdministratorEntry(string UserId, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

public enum AdministratorChange
{
    Done,
    NotFound,
    LastOwner,
}

public sealed record Administrator(string UserId, string Role, DateTimeOffset CreatedAt)
{
    public bool CanChange => Role == AdministratorRole.Owner;
}

public static class AdministratorRole
{
    public const string Owner = "owner";
    public const string ReadOnly = "read-only";

    public static readonly IReadOnlyList<string> All = [Owner, ReadOnly];
}

// The pool whose users are the console's administrators. Its name breaks the slug rule on purpose, so no
// pool made through the admin API can take it; the admin API neither lists nor reaches it.
public static class ConsolePool
{
    public const string Name = "_console";
    public const string ClientId = "wegate-console";
}
