namespace WeGate.Bench;

// The Development demo a running WeGate prepares (src/WeGate.Server/Demo/DemoWorld.cs): the pool, its
// public application and the sandbox apps behind its connections. The bench creates nothing in WeGate;
// it only adds its own personas to the sandbox.
internal static class DemoTarget
{
    public const string Pool = "default";
    public const string ClientId = "demo";
    public const string MiniProgramAppId = "wxde000000000000c3";
    public const string OfficialAccountAppId = "wxde000000000000a1";
    public const string FollowConnection = "wx-follow";

    // What the demo page asks for (DemoEndpoints), so the tokens are the ones a real client gets.
    public const string Scope = "openid profile phone wechat";

    public const string MiniProgramCodeType = "urn:wegate:params:oauth:token-type:wechat-miniprogram-code";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    public static string TokenPath => $"/pools/{Pool}/oauth2/token";

    public static string AuthorizePath => $"/pools/{Pool}/oauth2/authorize";

    public static string LoginPath => $"/pools/{Pool}/login";

    public const string SandboxPrefix = "/sandbox/";
}
