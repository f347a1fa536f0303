using System.Text.Json.Nodes;

namespace WeGate.Server.Oidc.Keys;

public static class JwsAlgorithm
{
    public const string ES256 = "ES256";
    public const string RS256 = "RS256";

    public static readonly IReadOnlyList<string> Supported = [ES256, RS256];

    public static bool IsSupported(string? algorithm) => algorithm is ES256 or RS256;
}

public interface ISigningKeys
{
    // Compact JWS: header {"alg","kid","typ"} (typ omitted when null), payload = the UTF-8 JSON bytes given.
    Task<string> SignAsync(string pool, string algorithm, string? typ, ReadOnlyMemory<byte> payloadJson, CancellationToken ct = default);

    // {"keys":[...]}: the public JWKs of every published key (next, active, and retired until remove_after).
    Task<JsonObject> GetJwksAsync(string pool, CancellationToken ct = default);

    // Verifies a compact JWS signed by this pool and its iss, exp, nbf and (when given) typ. Never throws
    // on hostile input: a refusal is a JwtCheck with Valid false and the reason in Error.
    Task<JwtCheck> ValidateAsync(string pool, string token, string expectedIssuer, string? expectedTyp, CancellationToken ct = default);

    // The next key becomes active, the active one retired until now + retention, and a new next key is
    // published. Returns the new active kid.
    Task<string> RotateAsync(string pool, string algorithm, TimeSpan retention, CancellationToken ct = default);
}

// Header and Payload are set only when Valid: nothing of a refused token is handed on.
public sealed record JwtCheck(bool Valid, string? Error, JsonObject? Header, JsonObject? Payload)
{
    public static JwtCheck Fail(string error) => new(false, error, null, null);
}
