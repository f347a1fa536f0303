namespace WeGate.Core.Users;

public sealed record StoredPassword(string Hash);

// One hashed password per user. Failed attempts are counted per login name (ILoginThrottleStore).
public interface IPasswordStore
{
    Task SetAsync(string userId, string hash, CancellationToken ct = default);

    Task<StoredPassword?> GetAsync(string userId, CancellationToken ct = default);
}
