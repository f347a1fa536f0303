using WeGate.Core.Users;

namespace WeGate.Server.Interaction;

// A password check, for the account step's "link an existing account" (Login/Password implements it).
internal interface IPasswordCheck
{
    Task<PasswordCheck> CheckAsync(string pool, string login, string password, CancellationToken ct);
}

public abstract record PasswordCheck
{
    public sealed record Success(User User) : PasswordCheck;
    public sealed record Wrong : PasswordCheck;
    public sealed record Locked(DateTimeOffset Until) : PasswordCheck;
    public sealed record Blocked(User User) : PasswordCheck;
}
