using WeGate.Server.Pages;

namespace WeGate.Server.Interaction;

// login-page.js: the login page's tabs, QR switch and in-WeChat "other ways" link as in-page switches,
// and the QR codes' countdown and refresh (LoginPageLayout).
internal static class LoginPageScript
{
    private static readonly EmbeddedScript Script = new("/login/page.js", "WeGate.Server.Interaction.login-page.js");

    public static string Tag => Script.Tag;

    public static void Map(IEndpointRouteBuilder app) => Script.Map(app);
}
