namespace WeGate.Sandbox;

// Lifetimes and limits of the simulated WeChat; the defaults are the real ones (wechat-api.md §8.2, §5).
public sealed class SandboxOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    // A new cgi-bin/token fetch leaves the previous token valid this long (wechat-api.md §8.2).
    public TimeSpan AccessTokenOverlap { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OfficialAccountCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OpenPlatformCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan MiniProgramCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SnsRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    // jscode2session: 100 calls a minute per user, then 45011 (wechat-api.md §5).
    public int JsCodeSessionsPerMinute { get; set; } = 100;

    // Published in QR contents and wxacode images; purely informational.
    public string QrContentBase { get; set; } = "http://weixin.qq.com/q/";

    public int CallLogCapacity { get; set; } = 10_000;
}
