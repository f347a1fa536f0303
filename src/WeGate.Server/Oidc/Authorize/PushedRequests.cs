using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;

namespace WeGate.Server.Oidc.Authorize;

// Pushed authorization requests (RFC 9126): the parameters a client posted, kept until the authorization
// endpoint is opened with their request_uri, once, within Lifetime. They share the parked requests' table
// under ids of their own shape (IsPushedId), which the hosted login page never loads.
internal sealed class PushedRequests(IAuthorizationRequestStore store, TimeProvider clock)
{
    // RFC 9126 §2.2: "a short lifetime", e.g. 60 seconds; a page that embeds the QR opens it at once.
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public const string UriPrefix = "urn:ietf:params:oauth:request_uri:";
    private const string IdPrefix = "par.";

    // A parked request's id is base64url, which has no '.'.
    public static bool IsPushedId(string id) => id.StartsWith(IdPrefix, StringComparison.Ordinal);

    public async Task<string> PushAsync(string pool, string clientId, IEnumerable<KeyValuePair<string, StringValues>> parameters, CancellationToken ct)
    {
        var id = IdPrefix + SecretHash.Base64Url(RandomNumberGenerator.GetBytes(24));
        var json = JsonSerializer.Serialize(parameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal));
        await store.SaveAsync(id, pool, clientId, json, clock.GetUtcNow() + Lifetime, ct);
        return UriPrefix + id;
    }

    // The pushed parameters for client_id, taken so that the request_uri works once; null when unknown,
    // used, expired or pushed by another client.
    public async Task<Dictionary<string, StringValues>?> TakeAsync(string pool, string requestUri, string? clientId, CancellationToken ct)
    {
        if (!requestUri.StartsWith(UriPrefix, StringComparison.Ordinal) || requestUri.Length > 128 || clientId is null)
            return null;
        var id = requestUri[UriPrefix.Length..];
        if (!IsPushedId(id) || await store.TakeAsync(pool, id, ct) is not { } json)
            return null;
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        return parameters.GetValueOrDefault("client_id") == clientId
            ? parameters.ToDictionary(p => p.Key, p => new StringValues(p.Value), StringComparer.Ordinal)
            : null;
    }
}
