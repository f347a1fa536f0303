using WeGate.Core.Admin;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Core.Validation;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

// Admin keys managed over the API: listed without their secrets, created (the key is shown once),
// revoked. Only a key for every pool may do this (AdminAuthentication). The same as `wegate admin-key`.
internal static class AdminKeyEndpoints
{
    public const int NameMaxLength = 64;

    public sealed record KeyRequest(string? Name, List<string>? Pools);

    // The key itself is in the answer to its creation only.
    public sealed record CreatedKey(KeyView Key, string AdminKey);

    public sealed record KeyView(string Id, string Name, IReadOnlyList<string> Pools, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Revoked)
    {
        public static KeyView Of(AdminKey k) => new(k.Id, k.Name, k.Pools, k.CreatedAt, k.LastUsedAt, k.Revoked);
    }

    public static void MapAdminKeyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/keys", ListAsync).Produces<IEnumerable<KeyView>>().WithSummary("List admin keys");
        api.MapPost("/keys", CreateKeyAsync).Produces<CreatedKey>(StatusCodes.Status201Created).WithSummary("Create an admin key (shown once)");
        api.MapDelete("/keys/{id}", RevokeAsync).Produces(StatusCodes.Status204NoContent).WithSummary("Revoke an admin key");
    }

    private static async Task<IResult> ListAsync(IAdminKeyStore keys, CancellationToken ct) =>
        Results.Ok((await keys.ListAsync(ct)).Select(KeyView.Of));

    private static async Task<IResult> CreateKeyAsync(JsonBody<KeyRequest> body, IAdminKeyStore keys, IPoolStore pools, HttpContext http,
        ILogger<KeyRequest> logger, CancellationToken ct)
    {
        var r = body.Value;
        var errors = new ValidationErrors();
        errors.Required("name", r.Name);
        errors.MaxLength("name", r.Name, NameMaxLength);
        var scope = (r.Pools ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var pool in scope)
        {
            if (!Slug.IsValid(pool) || await pools.GetAsync(pool, ct) is null)
                errors.Add("pools", $"there is no pool '{pool}'");
        }
        errors.ThrowIfAny();
        var (key, secret) = await CreateAsync(keys, r.Name!, scope, ct);
        logger.LogInformation("Admin key {Id} ({Name}) created by {Actor}", key.Id, key.Name, http.Items[AdminAuthentication.ActorItem]);
        return Results.Created($"{AdminApi.Prefix}/keys/{key.Id}", new CreatedKey(KeyView.Of(key), secret));
    }

    private static async Task<IResult> RevokeAsync(string id, IAdminKeyStore keys, HttpContext http, ILogger<KeyRequest> logger, CancellationToken ct)
    {
        if (id.Length > 32 || !await keys.RevokeAsync(id, ct))
            throw ApiProblemException.NotFound($"There is no live admin key '{id}'. GET {AdminApi.Prefix}/keys lists them.");
        logger.LogWarning("Admin key {Id} revoked by {Actor}", id, http.Items[AdminAuthentication.ActorItem]);
        return Results.NoContent();
    }

    // Creates a key and answers it with its secret, which is stored only as a hash.
    public static async Task<(AdminKey Key, string Secret)> CreateAsync(IAdminKeyStore keys, string name, IReadOnlyList<string> pools, CancellationToken ct)
    {
        var (id, secret) = AdminKeys.Generate();
        await keys.CreateAsync(new AdminKey(id, name, default, null, false) { Pools = pools }, SecretHash.Hash(secret), ct);
        return ((await keys.FindAsync(id, ct))!.Value.Key, secret);
    }
}
