using System.Data.Common;
using System.Text;
using Dapper;
using WeGate.Core.Users;

namespace WeGate.Storage.Stores;

// Creating, finding and listing users; profile edits are in UserStore.Profile.cs, merge and unlink in
// UserStore.Merge.cs.
public sealed partial class UserStore(Database db, TimeProvider clock) : IUserStore
{
    private const string Columns =
        "u.id, u.pool, u.name, u.nickname, u.picture, u.gender, u.phone_number, u.phone_number_verified, u.email, u.email_verified, " +
        "u.locale, u.address, u.blocked, u.login_count, u.last_login_at, u.created_at, u.updated_at";

    public async Task<User> CreateAsync(NewUser user, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        var id = Guid.CreateVersion7().ToString("N");
        var p = user.Profile;
        return await db.TransactAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (id, pool, name, nickname, picture, gender, phone_number, phone_number_verified, email, email_verified,
                    locale, address, blocked, login_count, created_at, updated_at)
                VALUES (@id, @Pool, @Name, @Nickname, @Picture, @Gender, @PhoneNumber, @PhoneNumberVerified, @Email, @EmailVerified,
                    @Locale, @Address, @blocked, 0, @now, @now)
                """,
                new { id, user.Pool, p.Name, p.Nickname, p.Picture, p.Gender, p.PhoneNumber, p.PhoneNumberVerified, p.Email, p.EmailVerified, p.Locale, p.Address, blocked = false, now },
                tx, cancellationToken: ct));
            foreach (var identity in user.Identities)
            {
                if (!await InsertIdentityAsync(c, tx, user.Pool, id, identity, now, ct))
                    throw new IdentityConflictException(identity.Kind, identity.Identifier);
            }
            return new User(id, user.Pool, p, false, 0, null, Epoch.At(now), Epoch.At(now));
        }, ct);
    }

    public async Task<User?> GetAsync(string pool, string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users u WHERE u.pool = @pool AND u.id = @userId", new { pool, userId }, cancellationToken: ct));
        return row?.ToUser();
    }

    public async Task<User?> FindByIdentityAsync(string pool, string kind, string identifier, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM identities i JOIN users u ON u.id = i.user_id WHERE i.pool = @pool AND i.kind = @kind AND i.identifier = @identifier",
            new { pool, kind, identifier }, cancellationToken: ct));
        return row?.ToUser();
    }

    public async Task<IReadOnlyList<Identity>> GetIdentitiesAsync(string pool, string userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenReadAsync(ct);
        var rows = await c.QueryAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {IdentityColumns} FROM identities WHERE pool = @pool AND user_id = @userId ORDER BY created_at, id",
            new { pool, userId }, cancellationToken: ct));
        return rows.Select(r => r.ToIdentity()).ToList();
    }

    public async Task<Identity> AddIdentityAsync(string pool, string userId, NewIdentity identity, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.TransactAsync(async (c, tx) =>
        {
            // PostgreSQL: the key-share lock waits for a merge that holds this user, then sees it gone.
            var lockRow = db.Provider == DatabaseProvider.Postgres ? " FOR KEY SHARE" : "";
            var exists = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT id FROM users WHERE pool = @pool AND id = @userId" + lockRow, new { pool, userId }, tx, cancellationToken: ct));
            if (exists is null)
                throw new KeyNotFoundException($"No user '{userId}' in pool '{pool}'");
            var id = Guid.CreateVersion7().ToString("N");
            if (!await InsertIdentityAsync(c, tx, pool, userId, identity, now, ct, id))
                throw new IdentityConflictException(identity.Kind, identity.Identifier);
            return new Identity(id, userId, identity.Kind, identity.Identifier, identity.ConnectionSlug, identity.Verified, Epoch.At(now), null);
        }, ct);
    }

    public async Task<UserPage> ListAsync(string pool, UserQuery query, CancellationToken ct = default)
    {
        var limit = Math.Clamp(query.Limit, 1, UserQuery.MaxLimit);
        var sql = new StringBuilder($"SELECT {Columns} FROM users u WHERE u.pool = @pool");
        var p = new DynamicParameters(new { pool, limit = limit + 1 });
        if (query.Phone is not null)
        {
            sql.Append(" AND (u.phone_number = @phone OR u.id IN (SELECT user_id FROM identities WHERE pool = @pool AND kind = 'phone' AND identifier = @phone))");
            p.Add("phone", query.Phone);
        }
        if (query.Email is not null)
        {
            sql.Append(" AND (u.email = @email OR u.id IN (SELECT user_id FROM identities WHERE pool = @pool AND kind = 'email' AND identifier = @email))");
            p.Add("email", query.Email.ToLowerInvariant());
        }
        if (query.UnionId is not null)
        {
            sql.Append(" AND u.id IN (SELECT user_id FROM identities WHERE pool = @pool AND kind = 'wechat-unionid' AND identifier = @unionid)");
            p.Add("unionid", query.UnionId);
        }
        if (query.OpenId is not null)
        {
            // "appid:openid" matches exactly; a bare openid matches any app's.
            sql.Append(" AND u.id IN (SELECT user_id FROM identities WHERE pool = @pool AND kind = 'wechat-openid' AND (identifier = @openid OR identifier LIKE @openidSuffix ESCAPE '\\'))");
            p.Add("openid", query.OpenId);
            p.Add("openidSuffix", "%:" + EscapeLike(query.OpenId));
        }
        if (query.Name is not null)
        {
            // lower() on both sides: PostgreSQL's LIKE is case-sensitive. SQLite's lower() folds only A-Z,
            // so there other cased letters (É, Ж) match only as typed (docs/admin-api.md#users).
            sql.Append(" AND (lower(u.name) LIKE @name ESCAPE '\\' OR lower(u.nickname) LIKE @name ESCAPE '\\')");
            p.Add("name", "%" + EscapeLike(query.Name.ToLowerInvariant()) + "%");
        }
        if (query.After is not null)
        {
            sql.Append(" AND u.id > @after");
            p.Add("after", query.After);
        }
        sql.Append(" ORDER BY u.id LIMIT @limit");
        await using var c = await db.OpenReadAsync(ct);
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(sql.ToString(), p, cancellationToken: ct))).ToList();
        var next = rows.Count > limit ? rows[limit - 1].Id : null;
        return new UserPage(rows.Take(limit).Select(r => r.ToUser()).ToList(), next);
    }

    // Blocking also ends everything the user holds: access tokens die with their grants (userinfo and
    // introspection check the grant), refresh tokens and sessions are revoked.
    public async Task<bool> SetBlockedAsync(string pool, string userId, bool blocked, CancellationToken ct = default)
    {
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.TransactAsync(async (c, tx) =>
        {
            var found = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET blocked = @blocked, updated_at = @now WHERE pool = @pool AND id = @userId",
                new { pool, userId, blocked, now }, tx, cancellationToken: ct)) == 1;
            if (found && blocked)
                await RevokeAccessAsync(c, tx, pool, userId, now, ct);
            return found;
        }, ct);
    }

    public async Task<Revocations> RevokeAccessAsync(string pool, string userId, CancellationToken ct = default)
    {
        return await db.TransactAsync((c, tx) => RevokeAccessAsync(c, tx, pool, userId, Epoch.Ms(clock.GetUtcNow()), ct), ct);
    }

    internal static async Task<Revocations> RevokeAccessAsync(DbConnection c, DbTransaction tx, string pool, string userId, long now, CancellationToken ct)
    {
        var args = new { pool, userId, now };
        return new Revocations(
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE grants SET revoked_at = @now WHERE pool = @pool AND user_id = @userId AND revoked_at IS NULL", args, tx, cancellationToken: ct)),
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @now WHERE pool = @pool AND user_id = @userId AND revoked_at IS NULL AND rotated_at IS NULL AND expires_at > @now",
                args, tx, cancellationToken: ct)),
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sessions SET revoked_at = @now WHERE pool = @pool AND user_id = @userId AND revoked_at IS NULL AND expires_at > @now", args, tx, cancellationToken: ct)));
    }

    public async Task RecordLoginAsync(string pool, string userId, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET login_count = login_count + 1, last_login_at = @now WHERE pool = @pool AND id = @userId",
            new { pool, userId, now = Epoch.Ms(clock.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
    }

    // ON CONFLICT DO NOTHING rather than catching the violation: the transaction stays usable on
    // PostgreSQL, and the unique index still decides every race.
    // The profile's phone_number or email, when it is this identifier, becomes verified with it: the
    // claims (phone_number_verified, email_verified) say what was proven.
    public async Task<bool> MarkIdentityVerifiedAsync(string pool, string userId, string kind, string identifier, CancellationToken ct = default)
    {
        return await db.TransactAsync(async (c, tx) =>
        {
            var args = new { yes = true, pool, userId, kind, identifier };
            var marked = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE identities SET verified = @yes WHERE pool = @pool AND user_id = @userId AND kind = @kind AND identifier = @identifier",
                args, tx, cancellationToken: ct)) == 1;
            var profile = kind switch
            {
                IdentityKind.Phone => "UPDATE users SET phone_number_verified = @yes WHERE pool = @pool AND id = @userId AND phone_number = @identifier",
                IdentityKind.Email => "UPDATE users SET email_verified = @yes WHERE pool = @pool AND id = @userId AND lower(email) = lower(@identifier)",
                _ => null,
            };
            if (marked && profile is not null)
                await c.ExecuteAsync(new CommandDefinition(profile, args, tx, cancellationToken: ct));
            return marked;
        }, ct);
    }

    private static async Task<bool> InsertIdentityAsync(DbConnection c, DbTransaction tx, string pool, string userId, NewIdentity identity, long now, CancellationToken ct, string? id = null)
    {
        var n = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO identities (id, pool, user_id, kind, identifier, connection_slug, verified, created_at)
            VALUES (@id, @pool, @userId, @Kind, @Identifier, @ConnectionSlug, @Verified, @now)
            ON CONFLICT (pool, kind, identifier) DO NOTHING
            """,
            new { id = id ?? Guid.CreateVersion7().ToString("N"), pool, userId, identity.Kind, identity.Identifier, identity.ConnectionSlug, identity.Verified, now },
            tx, cancellationToken: ct));
        return n == 1;
    }

    private static string EscapeLike(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Pool { get; set; } = "";
        public string? Name { get; set; }
        public string? Nickname { get; set; }
        public string? Picture { get; set; }
        public string? Gender { get; set; }
        public string? PhoneNumber { get; set; }
        public bool PhoneNumberVerified { get; set; }
        public string? Email { get; set; }
        public bool EmailVerified { get; set; }
        public string? Locale { get; set; }
        public string? Address { get; set; }
        public bool Blocked { get; set; }
        public long LoginCount { get; set; }
        public long? LastLoginAt { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public User ToUser() => new(Id, Pool, new UserProfile
        {
            Name = Name, Nickname = Nickname, Picture = Picture, Gender = Gender,
            PhoneNumber = PhoneNumber, PhoneNumberVerified = PhoneNumberVerified, Email = Email, EmailVerified = EmailVerified,
            Locale = Locale, Address = Address,
        }, Blocked, (int)LoginCount, Epoch.At(LastLoginAt), Epoch.At(CreatedAt), Epoch.At(UpdatedAt));
    }

    private sealed class IdentityRow
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Identifier { get; set; } = "";
        public string? ConnectionSlug { get; set; }
        public bool Verified { get; set; }
        public long CreatedAt { get; set; }
        public long? LastUsedAt { get; set; }

        public Identity ToIdentity() => new(Id, UserId, Kind, Identifier, ConnectionSlug, Verified, Epoch.At(CreatedAt), Epoch.At(LastUsedAt));
    }
}
