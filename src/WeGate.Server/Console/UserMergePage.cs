using WeGate.Core.Users;
using WeGate.Server.Admin;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Merging another user into this one (docs/console.md#users): a confirmation page shows both users,
// then the admin API's own merge runs (UserAdministrationEndpoints.MergeUsersAsync).
internal static class UserMergePage
{
    public static async Task<IResult> ReviewAsync(HttpContext http, string pool, string userId, [AsParameters] UserPage.Stores stores,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "source_user_id")] string? source)
    {
        var t = ConsoleTexts.For(http);
        var sourceId = UserAdministrationEndpoints.CheckSource(userId, source);
        await stores.Pools.RequirePoolAsync(pool, http.RequestAborted);
        var target = await UserEndpoints.RequireAsync(stores.Users, pool, userId, http.RequestAborted);
        var from = await UserEndpoints.RequireAsync(stores.Users, pool, sourceId, http.RequestAborted);
        var path = UserPage.Path(pool, userId);
        var confirm = !ConsoleSession.Current(http)!.Administrator.CanChange ? "" : $"""
            <form method="post" action="{E(path)}/merge">{ConsoleLayout.Antiforgery(http)}<input type="hidden" name="source_user_id" value="{E(sourceId)}">
            <button type="submit" data-action="merge">{E(t["user_merge_confirm"])}</button><a class="cancel" href="{E(path)}">{E(t["cancel"])}</a></form>
            """;
        return ConsoleLayout.Render(http, t, t["user_merge"], $"""
            <h1>{E(t["user_merge"])}</h1><p class="sub">{E(t["user_merge_hint"])}</p>
            <div class="pair">
            {await SideAsync(t, stores, pool, from, t["user_merge_from"], http.RequestAborted)}
            {await SideAsync(t, stores, pool, target, t["user_merge_into"], http.RequestAborted)}
            </div>
            <section class="card"><p>{E(t.Format("user_merge_explain", from.Id, target.Id))}</p>{confirm}</section>
            """, "users", pool);
    }

    public static async Task<IResult> MergeAsync(HttpContext http, string pool, string userId, [AsParameters] UserPage.Stores stores)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            await UserAdministrationEndpoints.MergeUsersAsync(pool, userId, form["source_user_id"], stores.Pools, stores.Users, stores.Audit, http, http.RequestAborted);
            return UserPage.Done(pool, userId, "merged");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            // The admin API's sentence on the target's page; an unknown target is the refusal page's 404.
            return await UserPage.RenderAsync(http, pool, userId, stores, null, e.Message, e.Status);
        }
    }

    private static async Task<string> SideAsync(ConsoleTexts t, UserPage.Stores stores, string pool, User user, string heading, CancellationToken ct)
    {
        var identities = await stores.Users.GetIdentitiesAsync(pool, user.Id, ct);
        var kinds = string.Join(", ", identities.Select(i => i.Kind).Order(StringComparer.Ordinal));
        return UserPage.Profile(t, user, $"{E(heading)} <code data-side>{E(user.Id)}</code> {UsersPage.Blocked(t, user)}")
            .Replace("</dl>", $"<dt>{E(t["user_identities"])}</dt><dd>{(kinds.Length == 0 ? "—" : E(kinds))}</dd></dl>", StringComparison.Ordinal);
    }
}
