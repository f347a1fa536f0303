using Microsoft.AspNetCore.Identity;
using WeGate.Core.Users;
using WeGate.Server.Hosting;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Oidc.Login;

public abstract record PasswordCheck
{
    public sealed record Success(User User) : PasswordCheck;
    public sealed record Wrong : PasswordCheck;
    public sealed record Locked(DateTimeOffset Until) : PasswordCheck;
    public sealed record Blocked(User User) : PasswordCheck;
}

// The first authenticator (issue 4 §4): a username, phone or email plus a password, hashed with ASP.NET
// Core's PasswordHasher (PBKDF2-HMAC-SHA512), with a lockout after repeated failures.
internal sealed class LocalAccounts(IUserStore users, PasswordStore passwords, WeGateOptions options, TimeProvider clock)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    private static readonly PasswordHasher<string> Hasher = new();
    // Verified against when the login is unknown, so the answer takes as long as for a real account.
    private static readonly string DummyHash = Hasher.HashPassword("", "wegate-dummy-password");

    public static string? CheckPolicy(string? password) =>
        password is null || password.Length < MinPasswordLength ? $"must be at least {MinPasswordLength} characters"
        : password.Length > MaxPasswordLength ? $"must be at most {MaxPasswordLength} characters"
        : null;

    public async Task SetPasswordAsync(string userId, string password, CancellationToken ct) =>
        await passwords.SetAsync(userId, Hasher.HashPassword(userId, password), ct);

    public async Task<PasswordCheck> CheckAsync(string pool, string login, string password, CancellationToken ct)
    {
        if (login.Length > LoginNames.MaxLength || password.Length > MaxPasswordLength)
            return new PasswordCheck.Wrong();
        var (kind, identifier) = LoginNames.Classify(login);
        var user = await users.FindByIdentityAsync(pool, kind, identifier, ct);
        var stored = user is null ? null : await passwords.GetAsync(user.Id, ct);
        if (user is null || stored is null)
        {
            Hasher.VerifyHashedPassword("", DummyHash, password);
            return new PasswordCheck.Wrong();
        }
        if (stored.LockedUntil is { } until && until > clock.GetUtcNow())
            return new PasswordCheck.Locked(until);

        var verdict = Hasher.VerifyHashedPassword(user.Id, stored.Hash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var after = await passwords.RecordFailureAsync(user.Id, options.Oidc.PasswordMaxAttempts, TimeSpan.FromMinutes(options.Oidc.PasswordLockoutMinutes), ct);
            return after?.LockedUntil is { } locked && locked > clock.GetUtcNow() ? new PasswordCheck.Locked(locked) : new PasswordCheck.Wrong();
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            await passwords.SetAsync(user.Id, Hasher.HashPassword(user.Id, password), ct);
        else if (stored.FailedAttempts > 0)
            await passwords.ResetFailuresAsync(user.Id, ct);
        return user.Blocked ? new PasswordCheck.Blocked(user) : new PasswordCheck.Success(user);
    }
}
