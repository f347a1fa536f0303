using WeGate.Core.Connections;

namespace WeGate.Server.Demo;

// The fixed demo world of Development (docs/configuration.md#settings, WeGate:Demo): simulated WeChat apps with stable AppIDs and
// secrets — the sandbox forgets everything at a restart, so the same apps are created again at each
// start and the connections stored in the database keep working — all bound to one Open Platform
// account, so the same persona is the same account through every login.
internal static class DemoWorld
{
    public const string Pool = "default";
    public const string ClientId = "demo";
    // The second demo application: its one WeChat login asks a newcomer to create an account or link one.
    public const string BindClientId = "demo-bind";
    public const string OpenPlatform = "demo-open-platform";

    public const string OfficialAccountAppId = "wxde000000000000a1";
    public const string WebsiteAppId = "wxde000000000000b2";
    public const string MiniProgramAppId = "wxde000000000000c3";
    public const string MobileAppId = "wxde000000000000d4";

    // Development-only values: the sandbox is the only party that ever sees them.
    public const string Secret = "demo0secret0not0for0production00";
    public const string Token = "wegateDemoToken";
    public const string EncodingAesKey = "WeGateDemoEncodingAesKey0000000000000000000";
    public const string OfficialAccountOriginalId = "gh_de00000000a1";
    public const string MiniProgramOriginalId = "gh_de00000000c3";

    public sealed record DemoConnection(string Slug, string Type, string DisplayName, string AppId, ConnectionSettings Settings, string BindingPolicy = BindingPolicy.None);

    public static readonly IReadOnlyList<DemoConnection> Connections =
    [
        new("wx-follow", "oa-follow", "WeGate 演示", OfficialAccountAppId, new() { MessageMode = MessageMode.Safe, OriginalId = OfficialAccountOriginalId }),
        new("wx-website", "website-qr", "WeChat website login", WebsiteAppId, new()),
        new("wx-mp-qr", "mp-qr", "Mini program code", MiniProgramAppId, new() { Page = "pages/login/index", EnvVersion = "develop" }),
        new("wx-oa-web", "oa-web", "WeChat (in-app browser)", OfficialAccountAppId, new() { Scope = "snsapi_userinfo" }),
        new("wx-miniprogram", "miniprogram", "Mini program", MiniProgramAppId, new()),
        new("wx-mobile", "mobile", "Mobile app", MobileAppId, new()),
        new("wx-app-mp", "app-mp", "App launches mini program", MiniProgramAppId, new() { OriginalId = MiniProgramOriginalId, Page = "pages/login/index", EnvVersion = "develop" }),
    ];

    // The website app once more, for the application demo-bind (docs/accounts.md#binding-policies).
    public static readonly DemoConnection BindConnection =
        new("wx-website-bind", "website-qr", "WeChat website login (ask to bind)", WebsiteAppId, new(), BindingPolicy.AskToBind);

    // demo-bind's login page wears its own colour and logo (docs/logins.md#branding): an inline SVG, so
    // the demo needs no image host.
    public static readonly Core.Applications.Branding BindBranding = new(
        "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="9" fill="#0958d9"/><path d="M16 22a5 5 0 0 0 7 0l4-4a5 5 0 0 0-7-7l-1 1M24 18a5 5 0 0 0-7 0l-4 4a5 5 0 0 0 7 7l1-1" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/></svg>""")),
        "#0958d9");

    public sealed record DemoPersona(string Id, string Nickname, string? Phone);

    public static readonly IReadOnlyList<DemoPersona> Personas =
    [
        new("xiaoming", "小明", "13800138000"),
        new("xiaohong", "小红", "13900139000"),
        new("snapshot", "快照用户", null),
        // Two accounts from before the unionid was known (DemoAccounts): signing in leads to account selection.
        new(TwoAccountsPersona, "小双", "13600136000"),
        // New to WeGate, with the demo account's phone number: tries ask to bind and reads its SMS code.
        new("xiaoxin", "小新", "13700137000"),
    ];

    public const string TwoAccountsPersona = "shuanghao";

    // The local account ask to bind links to, by password or by an SMS code to its phone.
    public const string DemoUserName = "demo";
    public const string DemoUserPassword = "demo-password";
    public const string DemoUserPhone = "+8613700137000";
}
