using Microsoft.Extensions.Logging;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox;

// The state of one simulated WeChat: everything an endpoint reads or changes. All time comes from the
// injected TimeProvider so tests can move it. Pushes go out through ServerHttp, to the hosts ServerUrlRule allows.
internal sealed class WeChatSandbox
{
    public WeChatSandbox(SandboxOptions options, TimeProvider time, Func<IEnumerable<string>> listeningAddresses, ILoggerFactory logs)
    {
        Options = options;
        Time = time;
        Codes = new CodeBook(time);
        AccessTokens = new AccessTokenBook(time, options);
        SnsTokens = new SnsTokenBook(time, options);
        QrTickets = new QrTicketBook(time);
        JsCodeRate = new MinuteRateLimiter(time);
        Calls = new CallLog(options.CallLogCapacity);
        Deliveries = new DeliveryLog(options.DeliveryLogCapacity);
        ServerUrls = new ServerUrlRule(options, listeningAddresses);
        ServerHttp = new ServerHttp(ServerUrls);
        Pusher = new EventPusher(options, time, Deliveries, ServerUrls, ServerHttp);
        ServerVerifier = new ServerVerifier(options, time, ServerHttp);
        QrLogins = new QrLoginBook(time);
        WxaCodes = new WxaCodeBook(time);
        if (options.PersonaFile is { Length: > 0 } path)
        {
            PersonaFile = new PersonaFile(path, logs.CreateLogger("WeGate.Sandbox.PersonaFile"));
            foreach (var persona in PersonaFile.Load())
            {
                Registry.Keep(persona);
            }
        }
        Consents = new ConsentBook(time);
    }

    public SandboxOptions Options { get; }

    public TimeProvider Time { get; }

    public SandboxRegistry Registry { get; } = new();

    // Null: personas live in memory only.
    public PersonaFile? PersonaFile { get; }

    public CodeBook Codes { get; }

    public AccessTokenBook AccessTokens { get; }

    public SnsTokenBook SnsTokens { get; }

    public QrTicketBook QrTickets { get; }

    public WxaCodeBook WxaCodes { get; }

    public FollowerBook Followers { get; } = new();

    public SessionBook Sessions { get; } = new();

    public MinuteRateLimiter JsCodeRate { get; }

    public FaultBook Faults { get; } = new();

    public CallLog Calls { get; }

    public DeliveryLog Deliveries { get; }

    public ServerUrlRule ServerUrls { get; }

    public ServerHttp ServerHttp { get; }

    public EventPusher Pusher { get; }

    public ServerVerifier ServerVerifier { get; }

    public QrLoginBook QrLogins { get; }

    public ConsentBook Consents { get; }

    public TimeSpan CodeLifetime(SandboxAppType type, CodeKind kind) => (type, kind) switch
    {
        (SandboxAppType.Website or SandboxAppType.Mobile, CodeKind.OAuth) => Options.OpenPlatformCodeLifetime,
        (SandboxAppType.OfficialAccount, CodeKind.OAuth) => Options.OfficialAccountCodeLifetime,
        _ => Options.MiniProgramCodeLifetime,
    };
}
