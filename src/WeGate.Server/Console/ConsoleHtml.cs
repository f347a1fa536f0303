using System.Globalization;
using WeGate.Server.Pages;

namespace WeGate.Server.Console;

// Small pieces the console's pages share: times, notices, errors, labelled fields.
internal static class ConsoleHtml
{
    public static string E(string? value) => Page.Encode(value);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? $"<time datetime=\"{t.UtcDateTime:O}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>" : "—";

    public static string Error(string? message) => message is null ? "" : $"<p class=\"error\" role=\"alert\" data-error>{E(message)}</p>";

    public static string Notice(string? message) => message is null ? "" : $"<p class=\"notice\" role=\"status\" data-notice>{E(message)}</p>";

    // A text input with its label and an optional hint; maxLength is the rule the server applies too.
    public static string Field(string name, string label, string? value, int maxLength, string? hint = null, bool required = false, string type = "text") => $"""
        <div><label for="{name}">{E(label)}</label>
        <input id="{name}" name="{name}" type="{type}" value="{E(value)}" maxlength="{maxLength}"{(required ? " required" : "")}>
        {(hint is null ? "" : $"<p class=\"hint\">{E(hint)}</p>")}</div>
        """;

    // A new password typed twice (the setup page, a user's password); never filled in again.
    public static string NewPassword(ConsoleTexts t) => $"""
        <label for="password">{E(t["password"])}</label>
        <input id="password" name="password" type="password" required minlength="8" maxlength="128" autocomplete="new-password">
        <label for="password_again">{E(t["password_again"])}</label>
        <input id="password_again" name="password_again" type="password" required minlength="8" maxlength="128" autocomplete="new-password">
        """;

    public static string Lines(IEnumerable<string> values) => string.Join('\n', values);

    public static List<string> SplitLines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

// A client's mistake the admin API's rules refused, as the console shows it: the status and the
// sentence that says what to fix. Null for anything else, which is not the client's doing.
internal readonly record struct Refused(int Status, string Message)
{
    public static Refused? Of(Exception e) => e switch
    {
        Api.ApiProblemException a when a.Status < StatusCodes.Status500InternalServerError => new Refused(a.Status, a.Message),
        Core.Validation.DomainValidationException v => new Refused(StatusCodes.Status400BadRequest, v.Message),
        _ => null,
    };

    // The same, in the console's language (ConsoleRules).
    public static Refused? Of(Exception e, HttpContext http) =>
        Of(e) is { } refused ? refused with { Message = ConsoleRules.Translate(ConsoleTexts.For(http), refused.Message) } : null;
}
