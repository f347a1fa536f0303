using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using WeGate.Core.Users;
using WeGate.Server.Hosting;
using WeGate.Server.Interaction;

namespace WeGate.Server.Login.Password;

// The first authenticator: a username, phone or email plus a password, hashed with ASP.NET Core's
// PasswordHasher (PBKDF2-HMAC-SHA512). Failures are counted per login name, whether or not an account
// has it, so a known and an unknown login answer alike (docs/security.md#password-sign-in). After
// PasswordMaxAttempts failures each further one makes the login wait twice as long as the one before,
// from PasswordDelaySeconds up to PasswordLockoutMinutes; the count is forgotten
// PasswordFailureWindowHours after the last failure, and a correct password clears it.
internal sealed class LocalAccounts(IUserStore users, IPasswordStore passwords, ILoginThrottleStore throttles, WeGateOptions options, TimeProvider clock) : IPasswordCheck
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

    // Setting a password (an administrator's reset) also lifts the waits on the user's login names.
    public async Task SetPasswordAsync(string pool, string userId, string password, CancellationToken ct)
    {
        await passwords.SetAsync(userId, Hasher.HashPassword(userId, password), ct);
        var names = (await users.GetIdentitiesAsync(pool, userId, ct)).Where(i => i.Kind is IdentityKind.Password or IdentityKind.Phone or IdentityKind.Email);
        await throttles.ClearAsync(names.Select(i => ThrottleKey(pool, i.Kind, i.Identifier)), ct);
    }

    public async Task<PasswordCheck> CheckAsync(string pool, string login, string password, CancellationToken ct)
    {
        if (login.Length > LoginNames.MaxLength || password.Length > MaxPasswordLength)
            return new PasswordCheck.Wrong();
        var (kind, identifier) = LoginNames.Classify(login);
        var key = ThrottleKey(pool, kind, identifier);
        var throttle = await throttles.GetAsync(key, ct);
        if (throttle is not null && throttle.IsWaitingAt(clock.GetUtcNow()))
            return new PasswordCheck.Locked(throttle.RetryAt);

        var user = await users.FindByIdentityAsync(pool, kind, identifier, ct);
        var stored = user is null ? null : await passwords.GetAsync(user.Id, ct);
        var verdict = user is null || stored is null
            ? Unknown(password)
            : Hasher.VerifyHashedPassword(user.Id, stored.Hash, password);
        if (verdict == PasswordVerificationResult.Failed)
            return await FailAsync(key, ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            await passwords.SetAsync(user!.Id, Hasher.HashPassword(user.Id, password), ct);
        if (throttle is not null)
            await throttles.ClearAsync([key], ct);
        return user!.Blocked ? new PasswordCheck.Blocked(user) : new PasswordCheck.Success(user);
    }

    private static PasswordVerificationResult Unknown(string password)
    {
        Hasher.VerifyHashedPassword("", DummyHash, password);
        return PasswordVerificationResult.Failed;
    }

    private async Task<PasswordCheck> FailAsync(string key, CancellationToken ct)
    {
        var policy = options.Oidc.PasswordThrottle();
        var failures = await throttles.RecordFailureAsync(key, policy.ForgetAfter, ct);
        if (policy.WaitAfter(failures) is not { } wait)
            return new PasswordCheck.Wrong();
        var retryAt = clock.GetUtcNow() + wait;
        await throttles.DelayAsync(key, retryAt, ct);
        return new PasswordCheck.Locked(retryAt);
    }

    private static string ThrottleKey(string pool, string kind, string identifier) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pool}\n{kind}\n{identifier}")));
}
