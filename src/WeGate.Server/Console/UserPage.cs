using WeGate.Core.Audit;
using WeGate.Core.Authorization;
using WeGate.Core.Pools;
using WeGate.Core.Sessions;
using WeGate.Core.Users;
using WeGate.Server.Admin;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// One user (docs/console.md#users): profile, identities with where each came from, state, login
// statistics, live sessions and grants (UserAccessSection) and audit timeline; an owner blocks,
// unblocks and unlinks through the admin API's own code.
internal static class UserPage
{
    public const int TimelineSize = 20;

    public sealed record Stores(IPoolStore Pools, IUserStore Users, IAuditLog Audit, IAuditSearch AuditSearch, ISessionStore Sessions, IGrantStore Grants);

    // The outcomes a redirect back to the page announces.
    private static readonly string[] Outcomes = ["blocked", "unblocked", "unlinked", "merged", "password_set", "revoked"];

    public static Task<IResult> ShowAsync(HttpContext http, string pool, string userId, [AsParameters] Stores stores, string? done)
    {
        var t = ConsoleTexts.For(http);
        var notice = Outcomes.Contains(done) ? t["user_done_" + done] : null;
        return RenderAsync(http, pool, userId, stores, notice, null, StatusCodes.Status200OK);
    }

    public static Task<IResult> BlockAsync(HttpContext http, string pool, string userId, [AsParameters] Stores stores) => SetBlockedAsync(http, pool, userId, stores, true);

    public static Task<IResult> UnblockAsync(HttpContext http, string pool, string userId, [AsParameters] Stores stores) => SetBlockedAsync(http, pool, userId, stores, false);

    public static async Task<IResult> UnlinkAsync(HttpContext http, string pool, string userId, string identityId, [AsParameters] Stores stores)
    {
        try
        {
            await UserAdministrationEndpoints.UnlinkAsync(pool, userId, identityId, stores.Pools, stores.Users, stores.Audit, http, http.RequestAborted);
            return Done(pool, userId, "unlinked");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { Status: StatusCodes.Status409Conflict } e)
        {
            // The last way in: the admin API's sentence, on the user's page.
            return await RenderAsync(http, pool, userId, stores, null, e.Message, e.Status);
        }
    }

    public static async Task<IResult> RevokeAsync(HttpContext http, string pool, string userId, [AsParameters] Stores stores)
    {
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        await UserEndpoints.RevokeUserAccessAsync(pool, userId, stores.Users, stores.Audit, http, http.RequestAborted);
        return Done(pool, userId, "revoked");
    }

    public static async Task<IResult> SetPasswordAsync(HttpContext http, string pool, string userId, [AsParameters] Stores stores, Login.Password.LocalAccounts accounts)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["password"] != form["password_again"])
            return await RenderAsync(http, pool, userId, stores, null, t["setup_passwords_differ"], StatusCodes.Status400BadRequest);
        try
        {
            await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
            await UserEndpoints.SetUserPasswordAsync(pool, userId, form["password"], stores.Users, accounts, stores.Audit, http, http.RequestAborted);
            return Done(pool, userId, "password_set");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { Status: StatusCodes.Status400BadRequest } e)
        {
            return await RenderAsync(http, pool, userId, stores, null, e.Message, e.Status);
        }
    }

    public static IResult Done(string pool, string userId, string what) =>
        Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}/users/{Uri.EscapeDataString(userId)}?done={what}");

    public static async Task<IResult> RenderAsync(HttpContext http, string pool, string userId, Stores stores, string? notice, string? error, int status)
    {
        var t = ConsoleTexts.For(http);
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        var user = await UserEndpoints.RequireAsync(stores.Users, pool, userId, http.RequestAborted);
        var identities = await stores.Users.GetIdentitiesAsync(pool, userId, http.RequestAborted);
        var events = await stores.AuditSearch.SearchAsync(pool, new AuditFilter { UserId = userId, Limit = TimelineSize }, http.RequestAborted);
        var access = await UserAccessSection.RenderAsync(t, pool, userId, stores.Sessions, stores.Grants, http.RequestAborted);
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var path = Path(pool, userId);
        var title = user.Profile.Name ?? user.Profile.Nickname ?? user.Id;
        return ConsoleLayout.Render(http, t, title, $"""
            <h1>{E(title)}</h1><p class="sub"><code data-user-id>{E(user.Id)}</code> {UsersPage.Blocked(t, user)}</p>
            {Notice(notice)}{Error(error)}
            {Profile(t, user)}
            <section class="card scroll"><h2>{E(t["user_identities"])}</h2><table class="stack"><thead><tr><th>{E(t["identity_kind"])}</th><th>{E(t["identity_identifier"])}</th>
            <th>{E(t["identity_verified"])}</th><th>{E(t["identity_source"])}</th><th>{E(t["created_at"])}</th><th>{E(t["identity_last_used"])}</th><th></th></tr></thead>
            <tbody>{string.Concat(identities.Select(i => Identity(http, t, path, i, canChange)))}</tbody></table></section>
            {access}
            {(canChange ? Actions(http, t, path, user) : "")}
            {Timeline(t, pool, userId, events)}
            """, "users", pool, status);
    }

    public static string Path(string pool, string userId) => $"/console/pools/{Uri.EscapeDataString(pool)}/users/{Uri.EscapeDataString(userId)}";

    // The profile and login statistics, as a list of facts; also the two cards of the merge confirmation.
    public static string Profile(ConsoleTexts t, User user, string? heading = null)
    {
        var p = user.Profile;
        (string Label, string Value)[] facts =
        [
            (t["user_name"], E(p.Name)), (t["user_nickname"], E(p.Nickname)),
            (t["user_phone"], E(p.PhoneNumber) + Verified(t, p.PhoneNumber, p.PhoneNumberVerified)),
            (t["user_email"], E(p.Email) + Verified(t, p.Email, p.EmailVerified)),
            (t["user_logins"], user.LoginCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), (t["user_last_login"], Time(user.LastLoginAt)),
            (t["created_at"], Time(user.CreatedAt)),
        ];
        return $"""
            <section class="card">{(heading is null ? "" : $"<h2>{heading}</h2>")}<dl class="facts">{string.Concat(facts.Select(f => $"<dt>{E(f.Label)}</dt><dd>{(f.Value.Length == 0 ? "—" : f.Value)}</dd>"))}</dl></section>
            """;
    }

    private static string Verified(ConsoleTexts t, string? value, bool? verified) =>
        value is null ? "" : verified == true ? $" <span class=\"state active\">{E(t["identity_verified"])}</span>" : "";

    // Where an identity came from: the connection that made it, and for an openid the AppID it belongs to.
    private static string Identity(HttpContext http, ConsoleTexts t, string path, Identity i, bool canChange)
    {
        var app = i.Kind == IdentityKind.WeChatOpenId && i.Identifier.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? i.Identifier[..colon] : null;
        var source = string.Join(" · ", new[] { i.ConnectionSlug is null ? null : $"<code>{E(i.ConnectionSlug)}</code>", app is null ? null : $"AppID <code>{E(app)}</code>" }
            .Where(s => s is not null));
        var unlink = !canChange ? "" : $"""
            <form method="post" action="{E(path)}/identities/{Uri.EscapeDataString(i.Id)}/unlink">{ConsoleLayout.Antiforgery(http)}<button class="secondary small" type="submit">{E(t["identity_unlink"])}</button></form>
            """;
        return $"""
            <tr data-identity="{E(i.Kind)}"><td class="nowrap"><code>{E(i.Kind)}</code></td><td class="wrap"><code>{E(i.Identifier)}</code></td><td>{E(i.Verified ? t["yes"] : t["no"])}</td>
            <td>{(source.Length == 0 ? "—" : source)}</td><td>{Time(i.CreatedAt)}</td><td>{Time(i.LastUsedAt)}</td><td>{unlink}</td></tr>
            """;
    }

    private static string Actions(HttpContext http, ConsoleTexts t, string path, User user) => $"""
        <section class="card"><h2>{E(t[user.Blocked ? "user_unblock" : "user_block"])}</h2><p class="hint">{E(t[user.Blocked ? "user_unblock_hint" : "user_block_hint"])}</p>
        <form method="post" action="{E(path)}/{(user.Blocked ? "unblock" : "block")}">{ConsoleLayout.Antiforgery(http)}<button type="submit" data-action="{(user.Blocked ? "unblock" : "block")}">{E(t[user.Blocked ? "user_unblock" : "user_block"])}</button></form>
        <h2>{E(t["user_revoke"])}</h2><p class="hint">{E(t["user_revoke_hint"])}</p>
        <form method="post" action="{E(path)}/revoke">{ConsoleLayout.Antiforgery(http)}<button class="secondary" type="submit" data-action="revoke">{E(t["user_revoke"])}</button></form></section>
        <section class="card"><h2>{E(t["user_merge"])}</h2><p class="hint">{E(t["user_merge_hint"])}</p>
        <form method="get" action="{E(path)}/merge"><div class="row">{Field("source_user_id", t["user_merge_source"], null, UserAdministrationEndpoints.UserIdMaxLength, required: true)}</div>
        <button class="secondary" type="submit">{E(t["user_merge_review"])}</button></form></section>
        <section class="card"><h2>{E(t["user_password"])}</h2><p class="hint">{E(t["user_password_hint"])}</p>
        <form method="post" action="{E(path)}/password">{ConsoleLayout.Antiforgery(http)}<div class="row"><div>{NewPassword(t)}</div></div>
        <button class="secondary" type="submit" data-action="password">{E(t["user_password_button"])}</button></form></section>
        """;

    private static string Timeline(ConsoleTexts t, string pool, string userId, IReadOnlyList<AuditEvent> events)
    {
        var rows = string.Concat(events.Select(e => $"""
            <tr data-event="{E(e.Type)}"><td>{Time(e.OccurredAt)}</td><td><code>{E(e.Type)}</code></td><td><span class="state {E(e.Outcome)}">{E(e.Outcome)}</span></td>
            <td>{E(e.ConnectionSlug)}</td><td>{E(e.ClientId)}</td><td>{E(e.Actor)}</td><td>{E(e.Reason)}</td></tr>
            """));
        var all = $"/console/pools/{Uri.EscapeDataString(pool)}/audit?user_id={Uri.EscapeDataString(userId)}";
        return $"""
            <section class="card scroll"><h2>{E(t["user_timeline"])}</h2><table class="log"><thead><tr><th>{E(t["audit_time"])}</th><th>{E(t["audit_type"])}</th><th>{E(t["audit_outcome"])}</th>
            <th>{E(t["audit_connection"])}</th><th>{E(t["audit_client"])}</th><th>{E(t["audit_actor"])}</th><th>{E(t["audit_reason"])}</th></tr></thead><tbody>{rows}</tbody></table>
            {(events.Count == 0 ? $"<p class=\"hint\">{E(t["audit_none"])}</p>" : "")}<div class="pager"><a href="{E(all)}">{E(t["user_timeline_all"])}</a></div></section>
            """;
    }

    private static async Task<IResult> SetBlockedAsync(HttpContext http, string pool, string userId, Stores stores, bool blocked)
    {
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        await UserEndpoints.SetUserBlockedAsync(pool, userId, blocked, stores.Users, stores.Audit, http, http.RequestAborted);
        return Done(pool, userId, blocked ? "blocked" : "unblocked");
    }
}
