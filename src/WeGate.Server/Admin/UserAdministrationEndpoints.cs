using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Core.Users;
using WeGate.Core.Validation;
using WeGate.Server.Api;

namespace WeGate.Server.Admin;

// Editing a profile, merging two users and unlinking an identity (docs/admin-api.md#users).
internal static class UserAdministrationEndpoints
{
    public const int UserIdMaxLength = 64;

    public sealed record MergeRequest(string? SourceUserId);

    public sealed record MergeReport(string SourceUserId, IReadOnlyList<string> MovedIdentities, bool PasswordMoved, Revocations Revoked);

    public sealed record MergeResponse(User User, IReadOnlyList<Identity> Identities, MergeReport Merged);

    public static void MapUserAdministrationEndpoints(this RouteGroupBuilder pool)
    {
        // null leaves a field as it is, "" clears it. WeChat never overwrites what is set here: its fill
        // writes only empty fields (AccountResolver).
        pool.MapPatch("/users/{userId}", UpdateProfileAsync).Produces<User>().WithSummary("Edit a user's profile");
        pool.MapPost("/users/{userId}/merge", MergeAsync).Produces<MergeResponse>().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Merge another user into this one");
        pool.MapDelete("/users/{userId}/identities/{identityId}", UnlinkIdentityAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Unlink an identity from a user");
    }

    private static async Task<IResult> UpdateProfileAsync(string pool, string userId, JsonBody<ProfileChange> body, IPoolStore pools,
        IUserStore users, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var change = body.Value.Normalized(errors);
        if (change.ChangesNothing())
            errors.Add("body", "names no profile field to change");
        errors.ThrowIfAny();
        await pools.RequirePoolAsync(pool, ct);
        var user = await users.UpdateProfileAsync(pool, userId, change, ct) ?? throw NoUser(pool, userId);
        await audit.WriteAsync(http, pool, AuditEventType.AdminUserUpdated, userId: userId, reason: "set " + string.Join(", ", FieldsOf(change)));
        return Results.Ok(user);
    }

    private static async Task<IResult> MergeAsync(string pool, string userId, JsonBody<MergeRequest> body, IPoolStore pools, IUserStore users,
        IAuditLog audit, HttpContext http, CancellationToken ct) =>
        Results.Ok(await MergeUsersAsync(pool, userId, body.Value.SourceUserId, pools, users, audit, http, ct));

    // The source user's id as the merge takes it: trimmed, required, at most UserIdMaxLength, not the target.
    public static string CheckSource(string userId, string? sourceUserId)
    {
        var sourceId = sourceUserId?.Trim();
        if (string.IsNullOrEmpty(sourceId) || sourceId.Length > UserIdMaxLength)
            throw ApiProblemException.BadRequest("source_user_id", $"is required: the id (at most {UserIdMaxLength} characters) of the user to merge into this one");
        if (sourceId == userId)
            throw ApiProblemException.BadRequest("source_user_id", "is the user in the path: a user cannot be merged into itself");
        return sourceId;
    }

    // Merges the source into the target with both audit events (docs/admin-api.md#users), for the admin
    // API and the console alike.
    public static async Task<MergeResponse> MergeUsersAsync(string pool, string userId, string? sourceUserId, IPoolStore pools, IUserStore users,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(users);
        var sourceId = CheckSource(userId, sourceUserId);
        await pools.RequirePoolAsync(pool, ct);
        switch (await users.MergeAsync(pool, userId, sourceId, ct))
        {
            case MergeOutcome.Merged m:
                var reason = $"merged {sourceId} into {userId}: moved {m.MovedIdentities.Count} identities ({string.Join(", ", m.MovedIdentities.Select(i => i.Kind).Order(StringComparer.Ordinal))}); " +
                    $"password {(m.PasswordMoved ? "moved" : "not moved")}; revoked {m.Revoked.Grants} grants, {m.Revoked.RefreshTokens} refresh tokens, {m.Revoked.Sessions} sessions";
                await audit.WriteAsync(http, pool, AuditEventType.AdminUserMerged, userId: userId, reason: reason);
                await audit.WriteAsync(http, pool, AuditEventType.AdminUserMerged, userId: sourceId, reason: reason);
                var report = new MergeReport(sourceId, m.MovedIdentities.Select(i => i.Id).ToList(), m.PasswordMoved, m.Revoked);
                return new MergeResponse(m.Target, await users.GetIdentitiesAsync(pool, userId, ct), report);
            case MergeOutcome.UserNotFound missing when missing.UserId == userId:
                throw NoUser(pool, userId);
            case MergeOutcome.UserNotFound:
                throw ApiProblemException.NotFound($"Pool '{pool}' has no user '{sourceId}' (source_user_id). Users are merged within one pool.");
            case MergeOutcome.BlockedDiffers b:
                throw ApiProblemException.Conflict(
                    $"User '{b.BlockedUserId}' is blocked and the other is not: the merge would {(b.BlockedUserId == userId ? "block the source's ways in" : "lift the block on the source's ways in")}. " +
                    "Block or unblock one of them first so that both agree.");
            default:
                throw new InvalidOperationException("Unknown merge outcome");
        }
    }

    private static async Task<IResult> UnlinkIdentityAsync(string pool, string userId, string identityId, IPoolStore pools, IUserStore users,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        await UnlinkAsync(pool, userId, identityId, pools, users, audit, http, ct);
        return Results.NoContent();
    }

    // Unlinks one identity unless it is the user's last way in, audited (docs/admin-api.md#users).
    public static async Task UnlinkAsync(string pool, string userId, string identityId, IPoolStore pools, IUserStore users,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(users);
        await pools.RequirePoolAsync(pool, ct);
        switch (await users.UnlinkIdentityAsync(pool, userId, identityId, ct))
        {
            case UnlinkOutcome.Unlinked u:
                await audit.WriteAsync(http, pool, AuditEventType.AdminUserIdentityUnlinked, userId: userId, reason: $"unlinked {u.Identity.Kind} identity {u.Identity.Id}");
                return;
            case UnlinkOutcome.UserNotFound:
                throw NoUser(pool, userId);
            case UnlinkOutcome.IdentityNotFound:
                throw ApiProblemException.NotFound($"User '{userId}' has no identity '{identityId}'. GET {AdminApi.Prefix}/pools/{pool}/users/{userId} lists its identities.");
            case UnlinkOutcome.LastWayIn last:
                throw ApiProblemException.Conflict(
                    $"Identity '{identityId}' ({last.Identity.Kind}) is the last way user '{userId}' can sign in (a username counts only with a password). " +
                    "Link another identity or set a password first; to stop the user signing in, block them instead.");
            default:
                throw new InvalidOperationException("Unknown unlink outcome");
        }
    }

    private static ApiProblemException NoUser(string pool, string userId) => ApiProblemException.NotFound($"Pool '{pool}' has no user '{userId}'.");

    // The names of the fields a change sets, for the audit trail: never their values (phone numbers and
    // emails stay out of the log).
    private static IEnumerable<string> FieldsOf(ProfileChange c)
    {
        (string Field, bool Set)[] fields =
        [
            ("name", c.Name is not null), ("nickname", c.Nickname is not null), ("picture", c.Picture is not null), ("gender", c.Gender is not null),
            ("email", c.Email is not null), ("email_verified", c.EmailVerified is not null), ("phone_number", c.PhoneNumber is not null),
            ("phone_number_verified", c.PhoneNumberVerified is not null), ("locale", c.Locale is not null), ("address", c.Address is not null),
        ];
        return fields.Where(f => f.Set).Select(f => f.Field);
    }
}
