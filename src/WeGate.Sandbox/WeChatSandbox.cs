using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox;

// The state of one simulated WeChat: everything an endpoint reads or changes. All time comes from the
// injected TimeProvider so tests can move it.
internal sealed class WeChatSandbox
{
    public WeChatSandbox(SandboxOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Codes = new CodeBook(time);
        AccessTokens = new AccessTokenBook(time, options);
        SnsTokens = new SnsTokenBook(time, options);
        QrTickets = new QrTicketBook(time);
        JsCodeRate = new MinuteRateLimiter(time);
        Calls = new CallLog(options.CallLogCapacity);
    }

    public SandboxOptions Options { get; }

    public TimeProvider Time { get; }

    public SandboxRegistry Registry { get; } = new();

    public CodeBook Codes { get; }

    public AccessTokenBook AccessTokens { get; }

    public SnsTokenBook SnsTokens { get; }

    public QrTicketBook QrTickets { get; }

    public FollowerBook Followers { get; } = new();

    public SessionBook Sessions { get; } = new();

    public MinuteRateLimiter JsCodeRate { get; }

    public FaultBook Faults { get; } = new();

    public CallLog Calls { get; }

    public TimeSpan CodeLifetime(SandboxAppType type, CodeKind kind) => (type, kind) switch
    {
        (SandboxAppType.Website or SandboxAppType.Mobile, CodeKind.OAuth) => Options.OpenPlatformCodeLifetime,
        (SandboxAppType.OfficialAccount, CodeKind.OAuth) => Options.OfficialAccountCodeLifetime,
        _ => Options.MiniProgramCodeLifetime,
    };
}
