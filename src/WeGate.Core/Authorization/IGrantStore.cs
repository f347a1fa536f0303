namespace WeGate.Core.Authorization;

public interface IGrantStore
{
    Task CreateAsync(Grant grant, CancellationToken ct = default);

    // The grant and its first refresh token, in one transaction.
    Task CreateAsync(Grant grant, RefreshToken? firstToken, CancellationToken ct = default);

    Task<Grant?> GetAsync(string pool, string id, CancellationToken ct = default);

    // The user's grants, revoked ones too, newest first, at most limit of them, each with the display
    // name of its application when the application still exists (the console's user page).
    Task<IReadOnlyList<UserGrant>> ListForUserAsync(string pool, string userId, int limit, CancellationToken ct = default);

    // Revokes the grant and every refresh token of it, in one transaction.
    Task RevokeAsync(string pool, string id, CancellationToken ct = default);
}

public sealed record UserGrant(string ClientId, string? Application, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? AuthTime, bool Revoked);
