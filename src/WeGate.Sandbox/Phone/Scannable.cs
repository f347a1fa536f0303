using WeGate.Sandbox.Grants;

namespace WeGate.Sandbox.Phone;

// Something the phone's camera can scan now. Kind is qrconnect (a website login, docs/wechat-contract.md#the-qr-page),
// official-account-qr (a parametric QR, docs/wechat-contract.md#parametric-qr-codes) or miniprogram-code (a wxacode, docs/wechat-contract.md#mini-program-codes); Content is what
// the QR encodes. Id is the login's uuid, the QR's ticket or, for a mini program code, its content.
public sealed record Scannable(string Kind, string Id, string AppId, string AppName, string Content)
{
    public const string QrConnect = "qrconnect";
    public const string OfficialAccountQr = "official-account-qr";
    public const string MiniProgramCode = "miniprogram-code";

    // The last four characters of the uuid, or of the scene (docs/sandbox.md#the-virtual-phone): the
    // sandbox's qrconnect page prints it under its QR, so a person can tell look-alike entries apart.
    public string Label { get; init; } = "";

    // When the PC page opened, the ticket was made or its image last fetched, or the code last drawn.
    public DateTimeOffset? ShownAt { get; init; }

    // qrconnect: waiting or scanned (and, when resolved from pasted content, confirmed, denied or
    // expired), with the persona who scanned it.
    public QrLoginStatus? Status { get; init; }

    public string? PersonaId { get; init; }

    public string? Scene { get; init; }

    public string? Page { get; init; }

    public string? ActionName { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    // official-account-qr, when asked for a persona: whether a scan is a SCAN (following) or offers a follow.
    public bool? Following { get; init; }
}

// POST control/scannables/resolve: what the phone's camera read, e.g. pasted from a QR decoder.
public sealed record ResolveScanRequest(string Content, string? PersonaId = null);

// A persona as one app sees it (GET control/personas/{id}/apps). Following: official accounts only.
public sealed record PersonaAppView(string AppId, Registry.SandboxAppType Type, string AppName, string OpenId)
{
    public string? OpenPlatformAccount { get; init; }

    public string? UnionId { get; init; }

    public bool? Following { get; init; }
}
