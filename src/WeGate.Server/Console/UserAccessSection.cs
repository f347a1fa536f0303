using WeGate.Core.Authorization;
using WeGate.Core.Sessions;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Where a user is signed in (docs/console.md#users): their live SSO sessions and their grants to
// applications, revoked ones included; "Sign out everywhere" ends them all.
internal static class UserAccessSection
{
    public const int ListSize = 20;

    public static async Task<string> RenderAsync(ConsoleTexts t, string pool, string userId, ISessionStore sessions, IGrantStore grants, CancellationToken ct)
    {
        var live = await sessions.ListLiveAsync(pool, userId, ListSize, ct);
        var given = await grants.ListForUserAsync(pool, userId, ListSize, ct);
        var sessionRows = string.Concat(live.Select(s => $"""
            <tr data-session><td>{Time(s.CreatedAt)}</td><td>{Time(s.LastSeenAt)}</td><td>{Time(s.ExpiresAt)}</td><td><code>{E(s.Amr)}</code></td></tr>
            """));
        var grantRows = string.Concat(given.Select(g => $"""
            <tr data-grant="{E(g.ClientId)}"{(g.Revoked ? " data-revoked" : "")}><td><a href="{E(ApplicationPage.Path(pool, g.ClientId))}">{E(g.Application ?? g.ClientId)}</a> <code>{E(g.ClientId)}</code></td>
            <td class="wrap"><code>{E(g.Scope)}</code></td><td>{Time(g.CreatedAt)}</td><td>{Time(g.AuthTime)}</td>
            <td><span class="state {(g.Revoked ? "failure" : "active")}">{E(t[g.Revoked ? "grant_revoked" : "grant_live"])}</span></td></tr>
            """));
        return $"""
            <section class="card scroll"><h2>{E(t["user_sessions"])}</h2><table class="stack"><thead><tr><th>{E(t["created_at"])}</th><th>{E(t["session_last_seen"])}</th>
            <th>{E(t["session_expires"])}</th><th>{E(t["session_amr"])}</th></tr></thead><tbody>{sessionRows}</tbody></table>
            {(live.Count == 0 ? $"<p class=\"hint\">{E(t["user_sessions_none"])}</p>" : "")}</section>
            <section class="card scroll"><h2>{E(t["user_grants"])}</h2><table class="stack"><thead><tr><th>{E(t["grant_application"])}</th><th>{E(t["grant_scope"])}</th>
            <th>{E(t["created_at"])}</th><th>{E(t["grant_auth_time"])}</th><th>{E(t["state"])}</th></tr></thead><tbody>{grantRows}</tbody></table>
            {(given.Count == 0 ? $"<p class=\"hint\">{E(t["user_grants_none"])}</p>" : "")}</section>
            """;
    }
}
