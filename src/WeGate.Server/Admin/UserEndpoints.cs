using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

internal static class UserEndpoints
{
    private const int SearchValueMaxLength = 200;
    private const int AuditEventsMaxLimit = 1000;

    public sealed record UserWithIdentities(User User, IReadOnlyList<Identity> Identities);

    public static void MapUserEndpoints(this RouteGroupBuilder pool)
    {
        // GET …/users?phone=&email=&openid=&unionid=&limit=&after=
        pool.MapGet("/users", async (string pool, string? phone, string? email, string? openid, string? unionid, string? after, string? limit,
            IPoolStore pools, IUserStore users, CancellationToken ct) =>
        {
            var errors = new ValidationErrors();
            foreach (var (name, value) in new[] { ("phone", phone), ("email", email), ("openid", openid), ("unionid", unionid), ("after", after) })
                errors.MaxLength(name, value, SearchValueMaxLength);
            errors.ThrowIfAny();
            var take = ParseLimit(limit, 50, UserQuery.MaxLimit);
            await pools.RequirePoolAsync(pool, ct);
            var page = await users.ListAsync(pool, new UserQuery(Empty(phone), Empty(email), Empty(openid), Empty(unionid), Empty(after), take), ct);
            return Results.Ok(page);
        });

        pool.MapGet("/users/{userId}", async (string pool, string userId, IUserStore users, CancellationToken ct) =>
        {
            var user = await RequireAsync(users, pool, userId, ct);
            return Results.Ok(new UserWithIdentities(user, await users.GetIdentitiesAsync(pool, userId, ct)));
        });

        pool.MapPost("/users/{userId}/block", (string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct) =>
            SetBlockedAsync(pool, userId, true, users, audit, http, ct));

        pool.MapPost("/users/{userId}/unblock", (string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct) =>
            SetBlockedAsync(pool, userId, false, users, audit, http, ct));

        pool.MapGet("/audit-events", async (string pool, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? userId, string? limit,
            IPoolStore pools, IAuditLog audit, CancellationToken ct) =>
        {
            var take = ParseLimit(limit, 100, AuditEventsMaxLimit);
            await pools.RequirePoolAsync(pool, ct);
            return Results.Ok(await audit.ListAsync(pool, take, Empty(userId), ct));
        });
    }

    private static async Task<IResult> SetBlockedAsync(string pool, string userId, bool blocked, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (!await users.SetBlockedAsync(pool, userId, blocked, ct))
            throw ApiProblemException.NotFound($"Pool '{pool}' has no user '{userId}'.");
        await audit.WriteAsync(http, pool, blocked ? AuditEventType.AdminUserBlocked : AuditEventType.AdminUserUnblocked, userId: userId);
        return Results.Ok(await users.GetAsync(pool, userId, ct));
    }

    private static async Task<User> RequireAsync(IUserStore users, string pool, string userId, CancellationToken ct) =>
        await users.GetAsync(pool, userId, ct) ?? throw ApiProblemException.NotFound($"Pool '{pool}' has no user '{userId}'.");

    private static int ParseLimit(string? limit, int fallback, int max)
    {
        if (limit is null)
            return fallback;
        if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var take) || take < 1 || take > max)
            throw ApiProblemException.BadRequest("limit", $"must be a whole number from 1 to {max}");
        return take;
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
