using Dapper;
using WeGate.Core.Users;

namespace WeGate.Storage.Stores;

// Merging two users and unlinking an identity (docs/admin-api.md#users). Each runs in one transaction that first
// locks the users it changes (LockUsersAsync), so racing merges and unlinks take turns: no identity is
// lost, none is left pointing at a deleted user, and a user never loses its last way in.
public sealed partial class UserStore
{
    private const string IdentityColumns = "id, user_id, kind, identifier, connection_slug, verified, created_at, last_used_at";

    // The source is deleted rather than kept as a "merged" marker: nothing can sign in to it or find it any
    // more, and its sessions, refresh tokens, codes and password go with it (ON DELETE CASCADE). Grants
    // have no foreign key, so they are revoked here; that is what kills the source's access tokens
    // (userinfo and introspection check the grant). The audit trail keeps both ids.
    public async Task<MergeOutcome> MergeAsync(string pool, string targetId, string sourceId, CancellationToken ct = default)
    {
        if (targetId == sourceId)
            throw new ArgumentException("A user cannot be merged into itself", nameof(sourceId));
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.TransactAsync<MergeOutcome>(async (c, tx) =>
        {
            var locked = await LockUsersAsync(c, tx, pool, targetId, sourceId, ct);
            var target = locked.Find(r => r.Id == targetId);
            var source = locked.Find(r => r.Id == sourceId);
            if (target is null || source is null)
                return new MergeOutcome.UserNotFound(target is null ? targetId : sourceId);
            if (target.Blocked != source.Blocked)
                return new MergeOutcome.BlockedDiffers(target.Blocked ? targetId : sourceId);

            var args = new { pool, targetId, sourceId, now };
            var moved = (await c.QueryAsync<IdentityRow>(new CommandDefinition(
                $"UPDATE identities SET user_id = @targetId WHERE pool = @pool AND user_id = @sourceId RETURNING {IdentityColumns}", args, tx, cancellationToken: ct)))
                .Select(r => r.ToIdentity()).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
            var passwordMoved = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE passwords SET user_id = @targetId WHERE user_id = @sourceId AND NOT EXISTS (SELECT 1 FROM passwords WHERE user_id = @targetId)",
                args, tx, cancellationToken: ct)) == 1;
            var revoked = await RevokeAccessAsync(c, tx, pool, sourceId, now, ct);

            var profile = target.ToUser().Profile.FillFrom(source.ToUser().Profile);
            await WriteProfileAsync(c, tx, pool, targetId, profile, now, ct);
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET login_count = @count, last_login_at = @last WHERE pool = @pool AND id = @targetId",
                new { pool, targetId, count = target.LoginCount + source.LoginCount, last = Max(target.LastLoginAt, source.LastLoginAt) }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE pool = @pool AND id = @sourceId", args, tx, cancellationToken: ct));
            var merged = await c.QuerySingleAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM users u WHERE u.pool = @pool AND u.id = @targetId", args, tx, cancellationToken: ct));
            return new MergeOutcome.Merged(merged.ToUser(), moved, passwordMoved, revoked);
        }, ct);
    }

    // Email and phone identities always count as ways in (a one-time code or the password reaches them);
    // a login name (kind password) counts only while the user has a password.
    public async Task<UnlinkOutcome> UnlinkIdentityAsync(string pool, string userId, string identityId, CancellationToken ct = default)
    {
        return await db.TransactAsync<UnlinkOutcome>(async (c, tx) =>
        {
            if ((await LockUsersAsync(c, tx, pool, userId, null, ct)).Count == 0)
                return new UnlinkOutcome.UserNotFound();
            var identities = (await c.QueryAsync<IdentityRow>(new CommandDefinition(
                $"SELECT {IdentityColumns} FROM identities WHERE pool = @pool AND user_id = @userId", new { pool, userId }, tx, cancellationToken: ct)))
                .Select(r => r.ToIdentity()).ToList();
            var identity = identities.Find(i => i.Id == identityId);
            if (identity is null)
                return new UnlinkOutcome.IdentityNotFound();
            var hasPassword = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM passwords WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct)) > 0;
            if (!identities.Exists(i => i.Id != identityId && (i.Kind != IdentityKind.Password || hasPassword)))
                return new UnlinkOutcome.LastWayIn(identity);
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM identities WHERE pool = @pool AND user_id = @userId AND id = @identityId", new { pool, userId, identityId }, tx, cancellationToken: ct));
            return new UnlinkOutcome.Unlinked(identity);
        }, ct);
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
