namespace WeGate.Core.Applications;

public interface IApplicationStore
{
    Task<IReadOnlyList<Application>> ListAsync(string pool, CancellationToken ct = default);
    Task<Application?> GetAsync(string pool, string clientId, CancellationToken ct = default);

    // False when the client id is taken in the pool. secretHash is null for public clients.
    Task<bool> CreateAsync(Application application, string? secretHash, CancellationToken ct = default);
    Task<bool> UpdateAsync(Application application, CancellationToken ct = default);
    Task<bool> SetSecretHashAsync(string pool, string clientId, string secretHash, CancellationToken ct = default);
    Task<string?> GetSecretHashAsync(string pool, string clientId, CancellationToken ct = default);
    Task<bool> DeleteAsync(string pool, string clientId, CancellationToken ct = default);
}
