using WeGate.Core.Admin;
using WeGate.Server.Api;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// /console/setup makes the first administrator, an owner, and works only while no administrator exists
// (docs/console.md#the-first-administrator). It asks for the set-up code WeGate logs at start, so a
// stranger who finds a fresh server on the internet cannot claim it. Then the new owner signs in
// through the login page like anyone else.
internal static class SetupPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IAdministratorStore administrators)
    {
        var t = ConsoleTexts.For(http);
        return await administrators.AnyAsync(http.RequestAborted) ? Done(http, t) : Form(http, t, null, "", StatusCodes.Status200OK);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IAdministratorStore administrators, Administrators admins, ConsoleSetupCode setup,
        ILogger<Administrators> logger)
    {
        var t = ConsoleTexts.For(http);
        if (await administrators.AnyAsync(http.RequestAborted))
            return Done(http, t);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var email = form["email"].ToString();
        if (await Page.IsForgedAsync(http))
            return ConsoleLayout.Refusal(http, t, t["forged_title"], t["forged"], StatusCodes.Status403Forbidden);
        if (!setup.Matches(form["setup_code"]))
        {
            logger.LogWarning("Console set-up refused: a wrong set-up code from {Ip}", http.Connection.RemoteIpAddress);
            return Form(http, t, t["setup_wrong_code"], email, StatusCodes.Status403Forbidden);
        }
        if (form["password"] != form["password_again"])
            return Form(http, t, t["setup_passwords_differ"], email, StatusCodes.Status400BadRequest);
        try
        {
            await admins.CreateAsync(email, form["password"], AdministratorRole.Owner, first: true, "console-setup", AuditEvents.Ip(http), http.RequestAborted);
        }
        catch (Exception ex) when (Refused.Of(ex, http) is { } e)
        {
            return Form(http, t, e.Message, email, e.Status);
        }
        return Results.Redirect("/console/login");
    }

    private static IResult Done(HttpContext http, ConsoleTexts t) => ConsoleLayout.Frame(http, t, t["setup_title"], "", $"""
        <div class="card narrow"><h1>{Page.Encode(t["setup_title"])}</h1><p class="notice" data-setup-done>{Page.Encode(t["setup_done"])}</p>
        <p><a href="/console/login">{Page.Encode(t["sign_in"])}</a></p></div>
        """, StatusCodes.Status410Gone);

    private static IResult Form(HttpContext http, ConsoleTexts t, string? error, string email, int status) => ConsoleLayout.Frame(http, t, t["setup_title"], "", $"""
        <div class="card narrow">
        <h1>{Page.Encode(t["setup_title"])}</h1>
        <p class="sub">{Page.Encode(t["setup_intro"])}</p>
        {(error is null ? "" : $"<p class=\"error\" data-error>{Page.Encode(error)}</p>")}
        <form method="post" action="/console/setup">
        {ConsoleLayout.Antiforgery(http)}
        <label for="setup_code">{Page.Encode(t["setup_code"])}</label>
        <input id="setup_code" name="setup_code" required maxlength="64" autocomplete="off">
        <p class="hint">{Page.Encode(t["setup_code_hint"])}</p>
        <label for="email">{Page.Encode(t["email"])}</label>
        <input id="email" name="email" type="email" required maxlength="128" autocomplete="username" value="{Page.Encode(email)}">
        {ConsoleHtml.NewPassword(t)}
        <button type="submit">{Page.Encode(t["setup_submit"])}</button>
        </form>
        </div>
        """, status);
}
