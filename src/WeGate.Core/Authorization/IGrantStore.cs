namespace WeGate.Core.Authorization;

public interface IGrantStore
{
    Task CreateAsync(Grant grant, CancellationToken ct = default);

    // The grant and its first refresh token, in one transaction.
    Task CreateAsync(Grant grant, RefreshToken? firstToken, CancellationToken ct = default);

    Task<Grant?> GetAsync(string pool, string id, CancellationToken ct = default);

    // Revokes the grant and every refresh token of it, in one transaction.
    Task RevokeAsync(string pool, string id, CancellationToken ct = default);
}
