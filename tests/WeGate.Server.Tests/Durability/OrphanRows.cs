using System.Data.Common;
using Dapper;

namespace WeGate.Server.Tests.Durability;

// Rows whose owner is missing, in either dialect. Foreign keys guard some relations (a user's identities,
// sessions and refresh tokens, a code's user); the others are plain columns that only the stores keep
// consistent (src/WeGate.Storage/Migrations): a grant's user, session and application, a refresh token's grant
// (family_id), a code's session, an identity's pool, a ticket's user, an audit event's user, and an
// identity's connection. Both kinds are checked, since a crash is exactly when "the store keeps it consistent" breaks.
internal static class OrphanRows
{
    private static readonly (string What, string Sql)[] Checks =
    [
        ("users without their pool", "SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM pools p WHERE p.name = u.pool)"),
        ("users without any identity", "SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.user_id = u.id)"),
        ("identities without their user in their pool",
            "SELECT COUNT(*) FROM identities i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id AND u.pool = i.pool)"),
        ("identities of a missing connection", """
            SELECT COUNT(*) FROM identities i WHERE i.connection_slug IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.pool = i.pool AND c.slug = i.connection_slug)
            """),
        ("sessions without their user", "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)"),
        ("passwords without their user", "SELECT COUNT(*) FROM passwords p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)"),
        ("grants of a missing user", "SELECT COUNT(*) FROM grants g WHERE g.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = g.user_id)"),
        ("grants of a missing session",
            "SELECT COUNT(*) FROM grants g WHERE g.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = g.session_id)"),
        ("grants of a missing application", """
            SELECT COUNT(*) FROM grants g WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.pool = g.pool AND a.client_id = g.client_id)
            """),
        ("refresh tokens without their grant", """
            SELECT COUNT(*) FROM refresh_tokens r WHERE NOT EXISTS (SELECT 1 FROM grants g WHERE g.id = r.family_id AND g.pool = r.pool
              AND g.client_id = r.client_id AND g.user_id = r.user_id)
            """),
        ("refresh tokens without their user", "SELECT COUNT(*) FROM refresh_tokens r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)"),
        ("refresh tokens of a missing session",
            "SELECT COUNT(*) FROM refresh_tokens r WHERE r.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = r.session_id)"),
        // Not a code's grant: redeeming a code spends it and names the grant it is about to make, which a
        // refused redemption never makes (AuthorizationCodeGrant) and a crash may not have made yet.
        ("codes of a missing session",
            "SELECT COUNT(*) FROM authorization_codes c WHERE c.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = c.session_id)"),
        ("codes of a missing user",
            "SELECT COUNT(*) FROM authorization_codes c WHERE c.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id)"),
        ("login tickets of a missing user",
            "SELECT COUNT(*) FROM login_tickets t WHERE t.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)"),
        ("account choices of a missing user",
            "SELECT COUNT(*) FROM account_choices a WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.chosen_user_id)"),
        ("audit events naming a missing user",
            "SELECT COUNT(*) FROM audit_events e WHERE e.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_id)"),
    ];

    // "what: count" for each kind of orphan found; empty when there is none.
    public static async Task<IReadOnlyList<string>> FindAsync(DbConnection connection)
    {
        var found = new List<string>();
        foreach (var (what, sql) in Checks)
        {
            var count = await connection.ExecuteScalarAsync<long>(sql);
            if (count > 0)
                found.Add($"{what}: {count}");
        }
        return found;
    }

    // SQLite's own verdicts: the file's structure (integrity_check answers the single row "ok") and
    // every declared foreign key (foreign_key_check answers one row per violation).
    public static async Task<IReadOnlyList<string>> SqliteProblemsAsync(DbConnection connection)
    {
        var integrity = (await connection.QueryAsync<string>("PRAGMA integrity_check")).ToList();
        var foreignKeys = await connection.QueryAsync("PRAGMA foreign_key_check");
        return [.. integrity.Where(r => r != "ok").Select(r => "integrity_check: " + r),
            .. foreignKeys.Select(r => "foreign_key_check: " + string.Join(", ", (IDictionary<string, object>)r))];
    }
}
