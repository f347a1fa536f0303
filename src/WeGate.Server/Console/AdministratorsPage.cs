using WeGate.Core.Admin;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// The console's administrators (docs/console.md#administrators-page): who they are, their role and last
// sign-in; an owner adds one (with a password WeGate makes and shows once), changes a role and removes
// one, through the same code as `wegate admin` (Administrators). Acting on yourself needs a tick.
internal static class AdministratorsPage
{
    public const string Path = "/console/administrators";

    public static async Task<IResult> ListAsync(HttpContext http, Administrators admins, string? removed, string? changed)
    {
        var t = ConsoleTexts.For(http);
        var notice = removed is not null ? t.Format("admins_removed", removed) : changed is not null ? t.Format("admins_role_changed", changed) : null;
        return await RenderAsync(http, admins, notice, null, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, Administrators admins)
    {
        var t = ConsoleTexts.For(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var password = Administrators.NewPassword();
        try
        {
            var made = await admins.CreateAsync(form["email"], password, form["role"], first: false, Actor(http), AuditEvents.Ip(http), http.RequestAborted);
            // The password is on this answer only (as a client secret just made), never in an address or a log.
            var shown = $"""
                <section class="card" data-created="{E(made.Email)}"><p class="notice" role="status">{E(t.Format("admins_created", made.Email, t["role_" + made.Role]))}</p>
                <p>{E(t["admins_password_once"])}</p><p><code class="secret" data-password>{E(password)}</code></p></section>
                """;
            return await RenderAsync(http, admins, null, null, shown, StatusCodes.Status200OK);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return await RenderAsync(http, admins, null, e.Message, null, e.Status, form["email"]);
        }
    }

    public static async Task<IResult> SetRoleAsync(HttpContext http, string userId, Administrators admins)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await ActAsync(http, admins, userId, form, async who =>
        {
            await admins.SetRoleAsync(userId, form["role"], Actor(http), AuditEvents.Ip(http), http.RequestAborted);
            return Results.Redirect($"{Path}?changed={Uri.EscapeDataString(who.Email)}");
        });
    }

    public static async Task<IResult> RemoveAsync(HttpContext http, string userId, Administrators admins)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await ActAsync(http, admins, userId, form, async who =>
        {
            await admins.RemoveAsync(userId, Actor(http), AuditEvents.Ip(http), http.RequestAborted);
            if (!IsSelf(http, userId))
                return Results.Redirect($"{Path}?removed={Uri.EscapeDataString(who.Email)}");
            await ConsoleSession.SignOutAsync(http);
            return Results.Redirect("/console/signed-out");
        });
    }

    // A change to the signed-in administrator must carry the tick of its form (confirm_self), so a slip
    // of the mouse cannot lock you out; the server checks it, whatever the page showed.
    private static async Task<IResult> ActAsync(HttpContext http, Administrators admins, string userId, IFormCollection form, Func<AdministratorEntry, Task<IResult>> act)
    {
        var t = ConsoleTexts.For(http);
        try
        {
            var who = await admins.GetAsync(userId, http.RequestAborted);
            if (IsSelf(http, userId) && form["confirm_self"] != "on")
                throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid request", t["admins_confirm_self_missing"]);
            return await act(who);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return await RenderAsync(http, admins, null, e.Message, null, e.Status);
        }
    }

    private static bool IsSelf(HttpContext http, string userId) => ConsoleSession.Current(http)!.Administrator.UserId == userId;

    private static string Actor(HttpContext http) => http.Items[AdminAuthentication.ActorItem] as string ?? "console";

    private static async Task<IResult> RenderAsync(HttpContext http, Administrators admins, string? notice, string? error, string? created, int status, string? email = null)
    {
        var t = ConsoleTexts.For(http);
        var canChange = ConsoleSession.Current(http)!.Administrator.CanChange;
        var rows = string.Concat((await admins.ListAsync(http.RequestAborted)).Select(a => Row(http, t, a, canChange)));
        var add = !canChange ? "" : $"""
            <section class="card"><h2>{E(t["admins_add"])}</h2><p class="hint">{E(t["admins_add_hint"])}</p>
            <form method="post" action="{Path}">{ConsoleLayout.Antiforgery(http)}
            <div class="row">{Field("email", t["email"], email, Core.Users.LoginNames.MaxLength, required: true, type: "email")}
            <div><label for="role">{E(t["admins_role"])}</label>{RoleSelect(t, "role", AdministratorRole.Owner)}</div></div>
            <button type="submit" data-action="add">{E(t["admins_add_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, t["nav_administrators"], $"""
            <h1>{E(t["nav_administrators"])}</h1><p class="sub">{E(t["admins_intro"])}</p>
            {Notice(notice)}{Error(error)}{created}
            <section class="card scroll"><table class="stack"><thead><tr><th>{E(t["email"])}</th><th>{E(t["admins_role"])}</th><th>{E(t["created_at"])}</th>
            <th>{E(t["admins_last_sign_in"])}</th>{(canChange ? "<th></th>" : "")}</tr></thead><tbody>{rows}</tbody></table></section>
            {add}
            """, "administrators", status: status);
    }

    private static string Row(HttpContext http, ConsoleTexts t, AdministratorEntry a, bool canChange)
    {
        var self = ConsoleSession.Current(http)!.Administrator.UserId == a.UserId;
        var action = $"{Path}/{Uri.EscapeDataString(a.UserId)}";
        var confirm = self ? $"""<label class="tick"><input type="checkbox" name="confirm_self" required> {E(t["admins_confirm_self"])}</label>""" : "";
        var forms = !canChange ? "" : $"""
            <td><form method="post" action="{E(action)}/role" class="inline">{ConsoleLayout.Antiforgery(http)}{RoleSelect(t, "role-" + a.UserId, a.Role, "role")}{confirm}
            <button class="secondary small" type="submit" data-action="role">{E(t["admins_role_button"])}</button></form>
            <form method="post" action="{E(action)}/remove" class="inline">{ConsoleLayout.Antiforgery(http)}{confirm}
            <button class="secondary small" type="submit" data-action="remove">{E(t["admins_remove"])}</button></form></td>
            """;
        return $"""
            <tr data-administrator="{E(a.Email)}"><td>{E(a.Email)}{(self ? $" <span class=\"state\">{E(t["admins_you"])}</span>" : "")}</td>
            <td><span class="role" data-role="{E(a.Role)}">{E(t["role_" + a.Role])}</span></td><td>{Time(a.CreatedAt)}</td><td>{Time(a.LastSignInAt)}</td>{forms}</tr>
            """;
    }

    private static string RoleSelect(ConsoleTexts t, string id, string selected, string name = "role") =>
        $"""<select id="{E(id)}" name="{name}" aria-label="{E(t["admins_role"])}">""" + string.Concat(AdministratorRole.All.Select(r =>
            $"""<option value="{E(r)}"{(r == selected ? " selected" : "")}>{E(t["role_" + r])}</option>""")) + "</select>";
}
