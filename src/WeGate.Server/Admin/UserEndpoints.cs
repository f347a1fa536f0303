using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Server.Api;
using WeGate.Server.Login.Password;
using WeGate.Server.Pages;

namespace WeGate.Server.Admin;

internal static class UserEndpoints
{
    private const int SearchValueMaxLength = 200;

    public sealed record UserWithIdentities(User User, IReadOnlyList<Identity> Identities);

    // A local account: at least one of username, email and phone to sign in with, and optionally a password.
    public sealed record NewUserRequest(string? Username, string? Email, string? Phone, string? Password, UserProfile? Profile);

    public sealed record PasswordRequest(string? Password);

    public static void MapUserEndpoints(this RouteGroupBuilder pool)
    {
        // GET …/users?phone=&email=&openid=&unionid=&name=&limit=&after=
        pool.MapGet("/users", ListAsync).Produces<UserPage>().WithSummary("Find users (by phone, email, openid, unionid, name) page by page");
        pool.MapPost("/users", CreateAsync).Produces<UserWithIdentities>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a local account");
        pool.MapPut("/users/{userId}/password", SetPasswordAsync).Produces(StatusCodes.Status204NoContent).WithSummary("Set a user's password");
        pool.MapGet("/users/{userId}", GetAsync).Produces<UserWithIdentities>().WithSummary("Get a user with their identities");
        pool.MapPost("/users/{userId}/block", BlockAsync).Produces<User>().WithSummary("Block a user");
        pool.MapPost("/users/{userId}/unblock", UnblockAsync).Produces<User>().WithSummary("Unblock a user");
        pool.MapPost("/users/{userId}/revoke-access", RevokeAccessAsync).Produces<Revocations>().WithSummary("Sign a user out everywhere: revoke every grant, refresh token and session");
        pool.MapUserAdministrationEndpoints();
        pool.MapGet("/audit-events", ListAuditEventsAsync).Produces<IEnumerable<AuditEvent>>().WithSummary("List audit events, newest first");
    }

    // The query parameters of GET …/users as they arrive (docs/admin-api.md#users).
    public sealed record UserSearch(string? Phone, string? Email, string? OpenId, string? UnionId, string? After, string? Limit, string? Name = null);

    private static async Task<IResult> ListAsync(string pool, string? phone, string? email, string? openid, string? unionid, string? name,
        string? after, string? limit, IPoolStore pools, IUserStore users, CancellationToken ct) =>
        Results.Ok(await FindUsersAsync(pool, new UserSearch(phone, email, openid, unionid, after, limit, name), pools, users, ct));

    // The admin API's user search and the console's (docs/console.md#users): each value at most
    // SearchValueMaxLength characters, filters combined with AND, ordered by id, a page at a time.
    public static async Task<UserPage> FindUsersAsync(string pool, UserSearch search, IPoolStore pools, IUserStore users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(users);
        var errors = new ValidationErrors();
        foreach (var (name, value) in new[] { ("phone", search.Phone), ("email", search.Email), ("openid", search.OpenId), ("unionid", search.UnionId), ("name", search.Name), ("after", search.After) })
            errors.MaxLength(name, value, SearchValueMaxLength);
        errors.ThrowIfAny();
        var take = ParseLimit(search.Limit, 50, UserQuery.MaxLimit);
        await pools.RequirePoolAsync(pool, ct);
        return await users.ListAsync(pool, new UserQuery(Empty(search.Phone), Empty(search.Email), Empty(search.OpenId), Empty(search.UnionId), Empty(search.After), take, Empty(search.Name)), ct);
    }

    private static async Task<IResult> CreateAsync(string pool, JsonBody<NewUserRequest> body, IPoolStore pools, IUserStore users,
        LocalAccounts accounts, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var r = body.Value;
        var errors = new ValidationErrors();
        var identities = new List<NewIdentity>();
        AddLogin(errors, identities, "username", r.Username, IdentityKind.Password);
        AddLogin(errors, identities, "email", r.Email, IdentityKind.Email);
        AddLogin(errors, identities, "phone", r.Phone, IdentityKind.Phone);
        if (r.Password is not null && LocalAccounts.CheckPolicy(r.Password) is { } rule)
            errors.Add("password", rule);
        if (r.Password is not null && identities.Count == 0)
            errors.Add("username", "a password needs a username, email or phone to sign in with");
        errors.ThrowIfAny();
        await pools.RequirePoolAsync(pool, ct);
        var profile = (r.Profile ?? UserProfile.Empty) with
        {
            Email = r.Email?.ToLowerInvariant() ?? r.Profile?.Email,
            PhoneNumber = identities.FirstOrDefault(i => i.Kind == IdentityKind.Phone)?.Identifier ?? r.Profile?.PhoneNumber,
        };
        User user;
        try
        {
            user = await users.CreateAsync(new NewUser(pool, profile, identities), ct);
        }
        catch (IdentityConflictException e)
        {
            throw ApiProblemException.Conflict($"Another user in pool '{pool}' already signs in with this {e.Kind}.");
        }
        if (r.Password is not null)
            await accounts.SetPasswordAsync(pool, user.Id, r.Password, ct);
        await audit.WriteAsync(http, pool, AuditEventType.AdminUserCreated, userId: user.Id);
        return Results.Created($"{AdminApi.Prefix}/pools/{pool}/users/{user.Id}", new UserWithIdentities(user, await users.GetIdentitiesAsync(pool, user.Id, ct)));
    }

    private static async Task<IResult> SetPasswordAsync(string pool, string userId, JsonBody<PasswordRequest> body, IUserStore users,
        LocalAccounts accounts, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        await SetUserPasswordAsync(pool, userId, body.Value.Password, users, accounts, audit, http, ct);
        return Results.NoContent();
    }

    // Sets or replaces the password under the policy, signs the user out everywhere, audited: for the
    // admin API and the console alike.
    public static async Task SetUserPasswordAsync(string pool, string userId, string? password, IUserStore users, LocalAccounts accounts, IAuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(accounts);
        if (LocalAccounts.CheckPolicy(password) is { } rule)
            throw ApiProblemException.BadRequest("password", rule);
        await RequireAsync(users, pool, userId, ct);
        await accounts.SetPasswordAsync(pool, userId, password!, ct);
        // A reset usually follows a leaked password: whoever used it is signed out everywhere.
        await users.RevokeAccessAsync(pool, userId, ct);
        await audit.WriteAsync(http, pool, AuditEventType.AdminUserPasswordSet, userId: userId);
    }

    private static async Task<IResult> GetAsync(string pool, string userId, IUserStore users, CancellationToken ct)
    {
        var user = await RequireAsync(users, pool, userId, ct);
        return Results.Ok(new UserWithIdentities(user, await users.GetIdentitiesAsync(pool, userId, ct)));
    }

    private static Task<IResult> BlockAsync(string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct) =>
        SetBlockedAsync(pool, userId, true, users, audit, http, ct);

    private static Task<IResult> UnblockAsync(string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct) =>
        SetBlockedAsync(pool, userId, false, users, audit, http, ct);

    private static async Task<IResult> RevokeAccessAsync(string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct) =>
        Results.Ok(await RevokeUserAccessAsync(pool, userId, users, audit, http, ct));

    // Signs the user out everywhere without blocking them (docs/admin-api.md#users), audited with the counts.
    public static async Task<Revocations> RevokeUserAccessAsync(string pool, string userId, IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        await RequireAsync(users, pool, userId, ct);
        var revoked = await users.RevokeAccessAsync(pool, userId, ct);
        await audit.WriteAsync(http, pool, AuditEventType.AdminUserAccessRevoked, userId: userId,
            reason: $"revoked {revoked.Grants} grants, {revoked.RefreshTokens} refresh tokens, {revoked.Sessions} sessions");
        return revoked;
    }

    private static async Task<IResult> ListAuditEventsAsync(string pool, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? userId,
        string? connection, string? outcome, string? from, string? to, string? before, string? limit, IPoolStore pools, IAuditSearch audit, CancellationToken ct)
    {
        var filter = AuditQuery.Parse(new AuditQuery.Input(userId, connection, outcome, from, to, before, limit));
        await pools.RequirePoolAsync(pool, ct);
        return Results.Ok(await audit.SearchAsync(pool, filter, ct));
    }

    private static async Task<IResult> SetBlockedAsync(string pool, string userId, bool blocked, IUserStore users, IAuditLog audit, HttpContext http,
        CancellationToken ct) =>
        Results.Ok(await SetUserBlockedAsync(pool, userId, blocked, users, audit, http, ct));

    // Block or unblock, audited with the caller as actor (the admin API's key or the console's administrator).
    public static async Task<User?> SetUserBlockedAsync(string pool, string userId, bool blocked, IUserStore users, IAuditLog audit, HttpContext http,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (!await users.SetBlockedAsync(pool, userId, blocked, ct))
            throw ApiProblemException.NotFound($"Pool '{pool}' has no user '{userId}'.");
        await audit.WriteAsync(http, pool, blocked ? AuditEventType.AdminUserBlocked : AuditEventType.AdminUserUnblocked, userId: userId);
        return await users.GetAsync(pool, userId, ct);
    }

    public static async Task<User> RequireAsync(IUserStore users, string pool, string userId, CancellationToken ct) =>
        await users.GetAsync(pool, userId, ct) ?? throw ApiProblemException.NotFound($"Pool '{pool}' has no user '{userId}'.");

    private static void AddLogin(ValidationErrors errors, List<NewIdentity> identities, string field, string? value, string kind)
    {
        if (value is null)
            return;
        var (classified, identifier) = LoginNames.Classify(value);
        if (value.Trim().Length == 0 || value.Length > LoginNames.MaxLength)
            errors.Add(field, $"must be 1 to {LoginNames.MaxLength} characters");
        else if (classified != kind)
            errors.Add(field, kind switch
            {
                IdentityKind.Email => "must be an email address",
                IdentityKind.Phone => "must be a phone number in E.164 form (+8613800138000) or an 11-digit mainland mobile number",
                _ => "must not look like an email address or a phone number (those go in email and phone)",
            });
        else
            identities.Add(new NewIdentity(kind, identifier, Verified: false));
    }

    internal static int ParseLimit(string? limit, int fallback, int max)
    {
        if (limit is null)
            return fallback;
        if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var take) || take < 1 || take > max)
            throw ApiProblemException.BadRequest("limit", $"must be a whole number from 1 to {max}");
        return take;
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
