namespace WeGate.Core.Authorization;

// Authorization requests parked while the person signs in (the server's interaction keeps them as JSON).
public interface IAuthorizationRequestStore
{
    Task SaveAsync(string id, string pool, string clientId, string parametersJson, DateTimeOffset expiresAt, CancellationToken ct = default);

    // The parameters and when they expire, or null when unknown, of another pool, or expired.
    Task<ParkedParameters?> GetAsync(string pool, string id, CancellationToken ct = default);

    Task DeleteAsync(string id, CancellationToken ct = default);

    // Deletes the request and answers its parameters, if it is this pool's and has not expired; of two
    // takes of one request, one gets it (a pushed request works once, RFC 9126 §4).
    Task<string?> TakeAsync(string pool, string id, CancellationToken ct = default);
}

public sealed record ParkedParameters(string Json, DateTimeOffset ExpiresAt);
