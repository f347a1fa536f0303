using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Registry;

// An app registered with the simulated WeChat. OpenPlatformAccount null means "not bound", which is
// what decides whether unionid exists at all (docs/wechat-contract.md#openid-and-unionid). The secret is returned by the
// control API on purpose: this is a sandbox.
public sealed record SandboxApp(string AppId, string Secret, SandboxAppType Type)
{
    public string? OpenPlatformAccount { get; init; }

    public string? OriginalId { get; init; }

    public string? Token { get; init; }

    public string? EncodingAesKey { get; init; }

    public MessageMode MessageMode { get; init; } = MessageMode.Plaintext;

    public string? ServerUrl { get; init; }

    // The bare domain OAuth pages accept in redirect_uri: a website app's callback domain (subdomains
    // included, docs/wechat-contract.md#the-qr-page) or an official account's web-authorization domain (exact, docs/wechat-contract.md#official-account-web-authorization).
    // "host:port" also pins the port, which a sandbox on localhost needs.
    public string? CallbackDomain { get; init; }

    // A mini program's login requests, as its own code would name them: the virtual phone POSTs {scene}
    // to {LoginUrl}/scan when a code opens the mini program and fills 发送 with {LoginUrl}/confirm
    // (WeGate's mp-qr, docs/sandbox.md#the-virtual-phone). A sandbox setting: WeChat has none.
    public string? LoginUrl { get; init; }

    // The AppID's IP whitelist (IP白名单, docs/wechat-contract.md#access-tokens): when set, cgi-bin/token and
    // stable_token answer 40164 naming the caller's address unless it is listed. Null: switched off.
    public IReadOnlyList<string>? IpWhitelist { get; init; }

    // A mini program's released version: the pages it has. wxa/getwxacodeunlimit with check_path (the
    // default) answers 41030 for a page not among them, and for every page while nothing is released
    // (docs/wechat-contract.md#mini-program-codes). Null: every page counts as released.
    public IReadOnlyList<string>? PublishedPages { get; init; }
}
