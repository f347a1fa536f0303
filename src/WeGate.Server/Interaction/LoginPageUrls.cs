namespace WeGate.Server.Interaction;

// The login page's own links: the parked request, the language the person chose and the method shown.
// They are plain links, so the page works without its script: every tab, QR choice and the language
// switch is a new page load (docs/logins.md#the-login-page).
internal static class LoginPageUrls
{
    // The query names, read back by LoginPage.
    public const string Language = "ui_locales";
    public const string Method = "method";
    public const string Qr = "qr";

    // The method values besides an ILoginMethod's id.
    public const string QrMethod = "qr";
    public const string WeChatMethod = "wechat";

    public static string Page(string pool, string requestId, string? language = null, string? method = null, string? qr = null)
    {
        var url = $"/pools/{pool}/login?request={Uri.EscapeDataString(requestId)}";
        if (language is not null)
            url += $"&{Language}={Uri.EscapeDataString(language)}";
        if (method is not null)
            url += $"&{Method}={Uri.EscapeDataString(method)}";
        if (qr is not null)
            url += $"&{Qr}={Uri.EscapeDataString(qr)}";
        return url;
    }
}
