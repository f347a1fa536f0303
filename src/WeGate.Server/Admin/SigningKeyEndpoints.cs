using System.Text.Json.Nodes;
using WeGate.Core.Audit;
using WeGate.Core.Keys;
using WeGate.Core.Pools;
using WeGate.Server.Api;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Admin;

// A pool's signing keys: listed without their private parts, and rotated on demand (docs/oidc.md).
internal static class SigningKeyEndpoints
{
    public sealed record RotateRequest(string? Algorithm, int? RetentionSeconds);

    public sealed record RotatedKey(string Kid, string Algorithm, int PreviousKeyPublishedForSeconds);

    public sealed record KeyView(string Kid, string Algorithm, string State, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt,
        DateTimeOffset? RetiredAt, DateTimeOffset? RemoveAfter, JsonNode? PublicJwk);

    public static void MapSigningKeyEndpoints(this RouteGroupBuilder pool)
    {
        pool.MapGet("/signing-keys", ListAsync).Produces<IEnumerable<KeyView>>().WithSummary("List the published signing keys");
        pool.MapPost("/signing-keys/rotate", RotateAsync).Produces<RotatedKey>().WithSummary("Rotate the signing key");
    }

    private static async Task<IResult> ListAsync(string pool, IPoolStore pools, ISigningKeyStore keys, CancellationToken ct) =>
        Results.Ok(await ListKeysAsync(pool, pools, keys, ct));

    // The admin API and the console list and rotate keys here (docs/console.md#one-implementation-two-surfaces).
    internal static async Task<IReadOnlyList<KeyView>> ListKeysAsync(string pool, IPoolStore pools, ISigningKeyStore keys, CancellationToken ct)
    {
        await pools.RequirePoolAsync(pool, ct);
        var published = await keys.ListPublishedAsync(pool, ct);
        return published.Select(k => new KeyView(k.Kid, k.Algorithm, k.State, k.CreatedAt, k.ActivatedAt, k.RetiredAt, k.RemoveAfter,
            JsonNode.Parse(k.PublicJwk))).ToList();
    }

    private static async Task<IResult> RotateAsync(string pool, JsonBody<RotateRequest> body, IPoolStore pools, KeyRotation rotation,
        IAuditLog audit, HttpContext http, CancellationToken ct) => Results.Ok(await RotateKeyAsync(pool, body.Value, pools, rotation, audit, http, ct));

    internal static async Task<RotatedKey> RotateKeyAsync(string pool, RotateRequest r, IPoolStore pools, KeyRotation rotation, IAuditLog audit, HttpContext http,
        CancellationToken ct)
    {
        if (!JwsAlgorithm.IsSupported(r.Algorithm))
            throw ApiProblemException.BadRequest("algorithm", "must be ES256 or RS256");
        if (r.RetentionSeconds is < 0 or > 365 * 24 * 3600)
            throw ApiProblemException.BadRequest("retention_seconds", "must be between 0 and one year; omit it to keep the old key until its tokens expire");
        await pools.RequirePoolAsync(pool, ct);
        var (kid, retention) = await rotation.RotateAsync(pool, r.Algorithm!, r.RetentionSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);
        await audit.WriteAsync(http, pool, AuditEventType.AdminSigningKeyRotated);
        return new RotatedKey(kid, r.Algorithm!, (int)retention.TotalSeconds);
    }
}
