using System.Data.Common;
using Dapper;
using WeGate.Core.Users;

namespace WeGate.Storage.Stores;

public sealed partial class UserStore
{
    private const string EmptyNickname = "(nickname IS NULL OR nickname = '' OR nickname = @placeholder)";
    private const string EmptyPicture = "(picture IS NULL OR picture = '')";

    // The emptiness test is in the statement itself, not read first: a value written meanwhile by an
    // admin (or another sign-in) is seen by the UPDATE and kept.
    public async Task<bool> FillProfileAsync(string pool, string userId, string? nickname, string? picture, CancellationToken ct = default)
    {
        var sets = new List<string>();
        var empty = new List<string>();
        if (!UserProfile.IsEmptyNickname(nickname))
        {
            sets.Add($"nickname = CASE WHEN {EmptyNickname} THEN @nickname ELSE nickname END");
            empty.Add(EmptyNickname);
        }
        if (!string.IsNullOrEmpty(picture))
        {
            sets.Add($"picture = CASE WHEN {EmptyPicture} THEN @picture ELSE picture END");
            empty.Add(EmptyPicture);
        }
        if (sets.Count == 0)
            return false;
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            $"UPDATE users SET {string.Join(", ", sets)}, updated_at = @now WHERE pool = @pool AND id = @userId AND ({string.Join(" OR ", empty)})",
            new { pool, userId, nickname, picture, placeholder = UserProfile.WeChatPlaceholderNickname, now = Epoch.Ms(clock.GetUtcNow()) },
            tx, cancellationToken: ct)), ct) == 1;
    }

    public async Task<User?> UpdateProfileAsync(string pool, string userId, ProfileChange change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = Epoch.Ms(clock.GetUtcNow());
        return await db.TransactAsync(async (c, tx) =>
        {
            var locked = await LockUsersAsync(c, tx, pool, userId, null, ct);
            if (locked.Count == 0)
                return null;
            var user = locked[0].ToUser();
            var profile = change.ApplyTo(user.Profile);
            await WriteProfileAsync(c, tx, pool, userId, profile, now, ct);
            return user with { Profile = profile, UpdatedAt = Epoch.At(now) };
        }, ct);
    }

    private static Task<int> WriteProfileAsync(DbConnection c, DbTransaction tx, string pool, string userId, UserProfile p, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET name = @Name, nickname = @Nickname, picture = @Picture, gender = @Gender, phone_number = @PhoneNumber,
                phone_number_verified = @PhoneNumberVerified, email = @Email, email_verified = @EmailVerified, locale = @Locale,
                address = @Address, updated_at = @now
            WHERE pool = @pool AND id = @userId
            """,
            new { pool, userId, p.Name, p.Nickname, p.Picture, p.Gender, p.PhoneNumber, p.PhoneNumberVerified, p.Email, p.EmailVerified, p.Locale, p.Address, now },
            tx, cancellationToken: ct));

    // Reads the users and holds them until the transaction ends. PostgreSQL: row locks taken in id order,
    // so two transactions wanting the same pair wait for each other instead of deadlocking. SQLite: the
    // transaction's BEGIN IMMEDIATE already holds the database's only write lock.
    private async Task<List<Row>> LockUsersAsync(DbConnection c, DbTransaction tx, string pool, string first, string? second, CancellationToken ct)
    {
        var lockRows = db.Provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "";
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users u WHERE u.pool = @pool AND u.id IN (@first, @second) ORDER BY u.id{lockRows}",
            new { pool, first, second = second ?? first }, tx, cancellationToken: ct));
        return rows.ToList();
    }
}
