namespace WeGate.Core.Connections;

// The seven WeChat logins of docs/logins.md, by code name.
public static class ConnectionType
{
    public const string OfficialAccountFollow = "oa-follow";
    public const string WebsiteQr = "website-qr";
    public const string MiniProgramQr = "mp-qr";
    public const string OfficialAccountWeb = "oa-web";
    public const string MiniProgram = "miniprogram";
    public const string Mobile = "mobile";
    public const string AppLaunchesMiniProgram = "app-mp";

    public static readonly IReadOnlyList<string> All =
        [OfficialAccountFollow, WebsiteQr, MiniProgramQr, OfficialAccountWeb, MiniProgram, Mobile, AppLaunchesMiniProgram];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    // Whose AppID the connection holds: an official account, an Open Platform app, or a mini program.
    public static bool UsesOfficialAccount(string type) => type is OfficialAccountFollow or OfficialAccountWeb;
    public static bool UsesMiniProgram(string type) => type is MiniProgramQr or MiniProgram or AppLaunchesMiniProgram;
}

public static class BindingPolicy
{
    // Nobody found → create a user (or refuse, when the connection is login-only).
    public const string None = "none";
    // Nobody found → link to the user holding the verified phone (or email) WeChat vouched for.
    public const string FieldMatching = "field-matching";
    // Nobody found → the person chooses "create a new account" or "bind an existing account".
    public const string AskToBind = "ask-to-bind";

    public static readonly IReadOnlyList<string> All = [None, FieldMatching, AskToBind];
}

public static class MessageMode
{
    public const string Plaintext = "plaintext";
    public const string Compatible = "compatible";
    public const string Safe = "safe";

    public static readonly IReadOnlyList<string> All = [Plaintext, Compatible, Safe];
}
