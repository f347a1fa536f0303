using WeGate.Core.Audit;
using WeGate.Core.Pools;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Pools: list, create, rename (docs/console.md#pools), through the admin API's own code.
internal static class PoolsPage
{
    public static async Task<IResult> ListAsync(HttpContext http, IPoolStore pools, string? created, string? deleted)
    {
        var t = ConsoleTexts.For(http);
        var notice = created is not null ? t.Format("pool_created", created) : deleted is not null ? t.Format("pool_deleted", deleted) : null;
        return await RenderAsync(http, pools, notice, null, "", "", StatusCodes.Status200OK);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IPoolStore pools, IAuditLog audit)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (name, displayName) = (form["name"].ToString(), form["display_name"].ToString());
        try
        {
            var pool = await PoolEndpoints.CreatePoolAsync(new PoolEndpoints.PoolRequest(name, displayName.Length == 0 ? null : displayName), pools, audit, http, http.RequestAborted);
            return Results.Redirect("/console/pools?created=" + Uri.EscapeDataString(pool.Name));
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return await RenderAsync(http, pools, null, e.Message, name, displayName, e.Status);
        }
    }

    public static async Task<IResult> EditAsync(HttpContext http, string pool, IPoolStore pools, string? saved)
    {
        var t = ConsoleTexts.For(http);
        var found = await pools.RequirePoolAsync(pool, http.RequestAborted);
        return Edit(http, t, found, saved is null ? null : t["saved"], null, found.DisplayName, StatusCodes.Status200OK);
    }

    public static async Task<IResult> UpdateAsync(HttpContext http, string pool, IPoolStore pools, IAuditLog audit)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var displayName = form["display_name"].ToString();
        try
        {
            await PoolEndpoints.UpdatePoolAsync(pool, new PoolEndpoints.PoolRequest(null, displayName), pools, audit, http, http.RequestAborted);
            return Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}?saved=1");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { Status: StatusCodes.Status400BadRequest } e)
        {
            return Edit(http, t, await pools.RequirePoolAsync(pool, http.RequestAborted), null, e.Message, displayName, e.Status);
        }
    }

    // The admin API's deletion, once the pool's name is typed again (docs/console.md#pools).
    public static async Task<IResult> DeleteAsync(HttpContext http, string pool, IPoolStore pools, ILogger<PoolEndpoints.PoolRequest> logger)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var found = await pools.RequirePoolAsync(pool, http.RequestAborted);
        if (form["confirm_name"] != pool)
            return Edit(http, t, found, null, t.Format("pool_delete_mismatch", pool), found.DisplayName, StatusCodes.Status400BadRequest);
        await PoolEndpoints.DeletePoolAsync(pool, pools, http, logger, http.RequestAborted);
        return Results.Redirect("/console/pools?deleted=" + Uri.EscapeDataString(pool));
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IPoolStore pools, string? notice, string? error, string name, string displayName, int status)
    {
        var t = ConsoleTexts.For(http);
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var rows = string.Concat((await PoolEndpoints.ListVisibleAsync(pools, http, http.RequestAborted)).Select(p =>
        {
            var n = Uri.EscapeDataString(p.Name);
            return $"""
                <tr data-pool="{E(p.Name)}"><td><a href="/console/pools/{n}/overview"><code>{E(p.Name)}</code></a></td><td>{E(p.DisplayName)}</td><td>{Time(p.CreatedAt)}</td>
                <td class="links"><a href="/console/pools/{n}">{E(t["pool_settings"])}</a> · <a href="/console/pools/{n}/applications">{E(t["nav_applications"])}</a> · <a href="/console/pools/{n}/connections">{E(t["nav_connections"])}</a> · <a href="/console/pools/{n}/users">{E(t["nav_users"])}</a> · <a href="/console/pools/{n}/keys">{E(t["nav_keys"])}</a> · <a href="/console/pools/{n}/audit">{E(t["nav_audit"])}</a></td></tr>
                """;
        }));
        var create = !canChange ? "" : $"""
            <section class="card"><h2>{E(t["pool_create"])}</h2>
            {Error(error)}
            <form method="post" action="/console/pools">{ConsoleLayout.Antiforgery(http)}
            <div class="row">{Field("name", t["pool_name"], name, Core.Validation.Slug.MaxLength, t["pool_name_hint"], required: true)}
            {Field("display_name", t["display_name"], displayName, Pool.DisplayNameMaxLength)}</div>
            <button type="submit">{E(t["pool_create_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, t["nav_pools"], $"""
            <h1>{E(t["nav_pools"])}</h1><p class="sub">{E(t["pools_intro"])}</p>
            {Notice(notice)}
            <section class="card scroll"><table class="stack"><thead><tr><th>{E(t["pool_name"])}</th><th>{E(t["display_name"])}</th><th>{E(t["created_at"])}</th><th></th></tr></thead>
            <tbody>{rows}</tbody></table></section>
            {create}
            """, "pools", status: status);
    }

    private static IResult Edit(HttpContext http, ConsoleTexts t, Pool pool, string? notice, string? error, string displayName, int status)
    {
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var body = canChange
            ? $"""
              <form method="post" action="/console/pools/{Uri.EscapeDataString(pool.Name)}">{ConsoleLayout.Antiforgery(http)}
              {Field("display_name", t["display_name"], displayName, Pool.DisplayNameMaxLength, required: true)}
              <button type="submit">{E(t["save"])}</button></form>
              """
            : $"<p>{E(t["display_name"])}: {E(pool.DisplayName)}</p>";
        var delete = !canChange ? "" : $"""
            <section class="card" data-delete-pool><h2>{E(t["pool_delete"])}</h2><p class="hint">{E(t["pool_delete_hint"])}</p>
            <form method="post" action="/console/pools/{Uri.EscapeDataString(pool.Name)}/delete">{ConsoleLayout.Antiforgery(http)}
            <div class="row">{Field("confirm_name", t.Format("pool_delete_confirm", pool.Name), null, Core.Validation.Slug.MaxLength, required: true)}</div>
            <button class="danger" type="submit" data-action="delete-pool">{E(t["pool_delete_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, pool.Name, $"""
            <h1><code>{E(pool.Name)}</code></h1><p class="sub">{E(t.Format("pool_issuer", pool.Name))}</p>
            {Notice(notice)}{Error(error)}
            <section class="card">{body}<p class="hint">{E(t["pool_name_fixed"])}</p></section>
            {delete}
            """, "pools", pool.Name, status);
    }
}
