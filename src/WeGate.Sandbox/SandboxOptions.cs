namespace WeGate.Sandbox;

// Lifetimes and limits of the simulated WeChat; the defaults are the real ones (docs/wechat-contract.md#lifetimes-and-limits).
public sealed class SandboxOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    // A new cgi-bin/token fetch leaves the previous token valid this long (docs/wechat-contract.md#access-tokens).
    public TimeSpan AccessTokenOverlap { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OfficialAccountCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OpenPlatformCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan MiniProgramCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SnsRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    // jscode2session: 100 calls a minute per user, then 45011 (docs/wechat-contract.md#mini-program-login).
    public int JsCodeSessionsPerMinute { get; set; } = 100;

    // Published in QR contents and wxacode images; purely informational.
    public string QrContentBase { get; set; } = "http://weixin.qq.com/q/";

    public int CallLogCapacity { get; set; } = 10_000;

    // Event pushes (docs/wechat-contract.md#deadline-and-retries): WeChat drops the connection after 5 s. Measured in real time,
    // not on the sandbox clock, because the receiving server waits in real time.
    public TimeSpan PushDeadline { get; set; } = TimeSpan.FromSeconds(5);

    // "总共重试三次" / "retrying three times in total" (docs/wechat-contract.md#deadline-and-retries) read as three deliveries in all: the
    // first send and two re-sends, which is what developers deduplicating by FromUserName+CreateTime
    // report seeing (the message arrives three times). Reading it as "up to 3 retries" would
    // make it four; the doc's own wording counts the total, so three it is.
    public int PushAttempts { get; set; } = 3;

    // How long GET control/deliveries/{id}?wait=true may hold the request, in real time.
    public TimeSpan DeliveryWaitLimit { get; set; } = TimeSpan.FromSeconds(30);

    public int DeliveryLogCapacity { get; set; } = 1_000;

    // A qrconnect QR stops working after this (sandbox clock); the page then offers a refresh. The
    // doc (docs/wechat-contract.md#the-qr-page) gives no number, so this is a sandbox choice.
    public TimeSpan QrConnectLifetime { get; set; } = TimeSpan.FromMinutes(5);

    // How often the qrconnect page polls its status endpoint.
    public TimeSpan QrConnectPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // The virtual phone's Scan list leaves off a qrconnect login whose page has not polled its status
    // for this long: the tab was closed (docs/sandbox.md#the-virtual-phone). The QR itself still works.
    public TimeSpan QrConnectUnwatchedAfter { get; set; } = TimeSpan.FromSeconds(10);

    // Codes that never expire (permanent parametric QRs, mini program codes) are listed this long after
    // they were last drawn or their image last fetched; pasting their content still works after.
    public TimeSpan ScanListWindow { get; set; } = TimeSpan.FromMinutes(5);

    // A JSON file keeping the personas created at runtime across restarts (WeGate in Development puts
    // it next to its SQLite database). Unset: personas live in memory only.
    public string? PersonaFile { get; set; }

    // A snsapi_userinfo consent page left open longer than this no longer issues a code.
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(5);

    // The address browsers and apps use to reach the sandbox, e.g. https://wegate-test.example.com
    // (mounted in WeGate: WeGate:PublicUrl). Its host may receive event pushes, as may the hosts the
    // sandbox listens on and loopback.
    public string? PublicUrl { get; set; }

    // More hosts event pushes and server verification may go to: names or addresses, exact, or
    // "*.example.com" for the subdomains of example.com (docs/sandbox.md).
    public List<string> AllowedServerHosts { get; set; } = [];

    // What callers from other machines must send to use the control API, the virtual phone and the
    // pages that act as a persona (docs/sandbox.md). Unset: only callers on this machine may.
    public string? ControlSecret { get; set; }
}
