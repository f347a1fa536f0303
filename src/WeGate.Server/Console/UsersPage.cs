using Microsoft.AspNetCore.WebUtilities;
using WeGate.Core.Pools;
using WeGate.Core.Users;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// The users of a pool (docs/console.md#users): found by name, phone, email, openid and unionid with the admin
// API's own search (UserEndpoints.FindUsersAsync), ordered by id, PageSize a page.
internal static class UsersPage
{
    public const int PageSize = 50;
    private static readonly string[] Filters = ["name", "phone", "email", "openid", "unionid"];

    public static async Task<IResult> ListAsync(HttpContext http, string pool, IPoolStore pools, IUserStore users)
    {
        var t = ConsoleTexts.For(http);
        var q = http.Request.Query;
        var search = new UserEndpoints.UserSearch(q["phone"], q["email"], q["openid"], q["unionid"], q["after"], null, q["name"]);
        await pools.RequirePoolAsync(pool, http.RequestAborted);
        string? error = null;
        Core.Users.UserPage page = new([], null);
        try
        {
            page = await UserEndpoints.FindUsersAsync(pool, search with { Limit = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) }, pools, users, http.RequestAborted);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            error = e.Message;
        }
        var p = Uri.EscapeDataString(pool);
        var rows = string.Concat(page.Users.Select(u => $"""
            <tr data-user="{E(u.Id)}"><td><a href="/console/pools/{p}/users/{Uri.EscapeDataString(u.Id)}"><code>{E(u.Id)}</code></a></td>
            <td>{E(u.Profile.Name ?? u.Profile.Nickname)}</td><td>{E(u.Profile.PhoneNumber)}</td><td>{E(u.Profile.Email)}</td>
            <td>{Blocked(t, u)}</td><td>{u.LoginCount}</td><td>{Time(u.LastLoginAt)}</td></tr>
            """));
        var basePath = $"/console/pools/{p}/users";
        var kept = Filters.Select(f => new KeyValuePair<string, string?>(f, q[f].ToString())).Where(f => f.Value!.Trim().Length > 0).ToList();
        var first = search.After is { Length: > 0 } ? $"<a rel=\"first\" href=\"{E(QueryHelpers.AddQueryString(basePath, kept))}\">{E(t["users_first"])}</a>" : "";
        var next = page.Next is { } n ? $"<a rel=\"next\" href=\"{E(QueryHelpers.AddQueryString(basePath, kept.Append(new("after", n))))}\">{E(t["users_next"])}</a>" : "";
        string V(string key) => q[key].ToString();
        return ConsoleLayout.Render(http, t, t["nav_users"], $"""
            <h1>{E(t["nav_users"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["users_intro"])}</p>
            <section class="card"><form method="get" action="{E(basePath)}">
            <div class="row">{Field("name", t["user_name"], V("name"), 200, t["users_name_hint"], type: "search")}{Field("phone", t["user_phone"], V("phone"), 200, type: "search")}{Field("email", t["user_email"], V("email"), 200, type: "search")}
            {Field("openid", "openid", V("openid"), 200, t["users_openid_hint"], type: "search")}{Field("unionid", "unionid", V("unionid"), 200, type: "search")}</div>
            <button type="submit">{E(t["users_search"])}</button></form></section>
            {Error(error)}
            <section class="card scroll"><table class="stack"><thead><tr><th>{E(t["user_id"])}</th><th>{E(t["user_name"])}</th><th>{E(t["user_phone"])}</th>
            <th>{E(t["user_email"])}</th><th>{E(t["state"])}</th><th>{E(t["user_logins"])}</th><th>{E(t["user_last_login"])}</th></tr></thead>
            <tbody>{rows}</tbody></table>{(page.Users.Count == 0 ? $"<p class=\"hint\">{E(t["users_none"])}</p>" : "")}<div class="pager">{first}{next}</div></section>
            """, "users", pool, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public static string Blocked(ConsoleTexts t, User u) =>
        u.Blocked ? $"<span class=\"state failure\" data-blocked>{E(t["user_blocked"])}</span>" : $"<span class=\"state active\">{E(t["user_active"])}</span>";
}
