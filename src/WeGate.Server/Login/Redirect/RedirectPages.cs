using WeGate.Server.Errors;
using WeGate.Server.Oidc;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.Redirect;

// The pages a WeChat redirect login ends on when it does not sign the person in: what happened, in
// their language, and a way to try again while the login request is still alive.
internal static class RedirectPages
{
    public const string Style = "<style>a.wegate-button{display:block;box-sizing:border-box;width:100%;margin-top:16px;padding:12px;font-size:16px;border-radius:8px;background:#067a3e;color:#fff;text-align:center;text-decoration:none}</style>";

    public static IResult Show(HttpContext http, Texts texts, string title, string message, int status, string? retryUrl = null, OAuthError? detail = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        detail?.Log(http);
        var code = detail is null ? "" : Page.ErrorLine(detail, "sub");
        var retry = retryUrl is null ? "" : $"<a class=\"wegate-button\" data-retry href=\"{Page.Encode(retryUrl)}\">{Page.Encode(texts.Section("redirect")["retry"])}</a>";
        return Page.Html(http, texts, title, $"""
            {Style}
            <h1>{Page.Encode(title)}</h1>
            <p class="error" role="alert">{Page.Encode(message)}</p>
            {code}
            {retry}
            """, status);
    }

    public static string LoginPage(string pool, string requestId) => Interaction.LoginPageUrls.Page(pool, requestId);

    // A start link whose login request is gone: no request to take the language from.
    public static IResult Expired(HttpContext http)
    {
        var texts = Texts.For(null, http.Request);
        return Show(http, texts, texts["error_title"], texts["expired"], StatusCodes.Status400BadRequest);
    }
}
