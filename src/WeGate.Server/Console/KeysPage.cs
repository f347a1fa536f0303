using WeGate.Core.Audit;
using WeGate.Core.Keys;
using WeGate.Core.Pools;
using WeGate.Server.Admin;
using WeGate.Server.Api;
using WeGate.Server.Oidc.Keys;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Signing keys of a pool: each published key's state, and Rotate (docs/console.md#signing-keys,
// docs/oidc.md#signing-keys), through the admin API's own code.
internal static class KeysPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string pool, IPoolStore pools, ISigningKeyStore keys, string? rotated) =>
        await RenderAsync(http, pool, pools, keys, rotated is null ? null : ConsoleTexts.For(http).Format("key_rotated", rotated), null, StatusCodes.Status200OK);

    public static async Task<IResult> RotateAsync(HttpContext http, string pool, IPoolStore pools, ISigningKeyStore keys, KeyRotation rotation, IAuditLog audit)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        try
        {
            var done = await SigningKeyEndpoints.RotateKeyAsync(pool, new SigningKeyEndpoints.RotateRequest(form["algorithm"].ToString(), null), pools, rotation, audit, http,
                http.RequestAborted);
            return Results.Redirect($"/console/pools/{Uri.EscapeDataString(pool)}/keys?rotated={Uri.EscapeDataString(done.Kid)}");
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { Status: StatusCodes.Status400BadRequest } e)
        {
            return await RenderAsync(http, pool, pools, keys, null, e.Message, e.Status);
        }
    }

    private static async Task<IResult> RenderAsync(HttpContext http, string pool, IPoolStore pools, ISigningKeyStore keys, string? notice, string? error, int status)
    {
        var t = ConsoleTexts.For(http);
        var list = await SigningKeyEndpoints.ListKeysAsync(pool, pools, keys, http.RequestAborted);
        var rows = string.Concat(list.Select(k => $"""
            <tr data-kid="{E(k.Kid)}"><td><code>{E(k.Kid)}</code></td><td>{E(k.Algorithm)}</td><td><span class="state {E(k.State)}" data-state>{E(StateName(t, k.State))}</span></td>
            <td>{Time(k.CreatedAt)}</td><td>{Time(k.ActivatedAt)}</td><td>{Time(k.RemoveAfter)}</td></tr>
            """));
        var empty = list.Count == 0 ? $"<p class=\"hint\">{E(t["keys_none"])}</p>" : "";
        var rotate = !ConsoleSession.Current(http)!.Administrator.CanChange ? "" : $"""
            <section class="card"><h2>{E(t["key_rotate"])}</h2><p class="hint">{E(t["key_rotate_hint"])}</p>
            {Error(error)}
            <form method="post" action="/console/pools/{Uri.EscapeDataString(pool)}/keys/rotate">{ConsoleLayout.Antiforgery(http)}
            <div class="row"><div><label for="algorithm">{E(t["algorithm"])}</label><select id="algorithm" name="algorithm">
            <option value="ES256">ES256</option><option value="RS256">RS256</option></select></div></div>
            <button type="submit">{E(t["key_rotate_button"])}</button></form></section>
            """;
        return ConsoleLayout.Render(http, t, t["nav_keys"], $"""
            <h1>{E(t["nav_keys"])} · <code>{E(pool)}</code></h1><p class="sub">{E(t["keys_intro"])}</p>
            {Notice(notice)}
            <section class="card scroll"><table class="log"><thead><tr><th>kid</th><th>{E(t["algorithm"])}</th><th>{E(t["state"])}</th><th>{E(t["created_at"])}</th>
            <th>{E(t["activated_at"])}</th><th>{E(t["remove_after"])}</th></tr></thead><tbody>{rows}</tbody></table>{empty}</section>
            {rotate}
            """, "keys", pool, status);
    }

    private static string StateName(ConsoleTexts t, string state) => state switch
    {
        "active" or "next" or "retired" => t["key_state_" + state],
        _ => state,
    };
}
