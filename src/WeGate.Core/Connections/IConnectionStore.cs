namespace WeGate.Core.Connections;

public interface IConnectionStore
{
    Task<IReadOnlyList<Connection>> ListAsync(string pool, CancellationToken ct = default);
    Task<Connection?> GetAsync(string pool, string slug, CancellationToken ct = default);

    // Decrypts the secrets; for the login flows, never for an API response.
    Task<ConnectionSecrets?> GetSecretsAsync(string pool, string slug, CancellationToken ct = default);

    // False when the slug is taken in the pool.
    Task<bool> CreateAsync(Connection connection, ConnectionSecrets secrets, CancellationToken ct = default);

    // Replaces the non-secret fields; secrets given replace the stored ones, absent ones are kept.
    Task<bool> UpdateAsync(Connection connection, ConnectionSecrets secretChanges, CancellationToken ct = default);

    Task<bool> DeleteAsync(string pool, string slug, CancellationToken ct = default);
}
