namespace WeGate.Sandbox.Push;

// How one event push ended (docs/wechat-contract.md#deadline-and-retries). Pending until an attempt is answered or every
// attempt has failed; the outcome of the delivery is that of its last attempt.
public enum DeliveryOutcome
{
    Pending,

    // "success" or a zero-byte body: WeChat does nothing more.
    Acknowledged,

    // A passive reply that WeChat would show the user.
    Replied,

    // An answer WeChat cannot use (JSON, bad XML, bad signature, an HTTP error): no retry, and the
    // user sees "该公众号暂时无法提供服务，请稍后再试".
    InvalidReply,

    // No answer within the deadline: WeChat drops the connection and sends again.
    TimedOut,

    // No answer at all (connection refused, reset): treated like a timeout.
    Failed,
}

// One HTTP attempt. Reply is the raw body as received (still encrypted in aes mode).
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, long DurationMs, DeliveryOutcome Outcome)
{
    public int? Status { get; init; }

    public string? Reply { get; init; }

    public string? Error { get; init; }
}

// An event push and everything that happened to it. Url carries the signed query string, identical
// on every attempt, as is Body. ReplyXml is the passive reply after decryption; UserNotice is what
// the persona's chat shows: the reply's text, or WeChat's apology when the server failed.
public sealed record SandboxDelivery(string Id, string AppId, string OpenId, string Event, string? EventKey, string Url, string Body)
{
    public DateTimeOffset CreatedAt { get; init; }

    public DeliveryOutcome Outcome { get; init; }

    public bool Completed => Outcome != DeliveryOutcome.Pending;

    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    public string? ReplyXml { get; init; }

    public string? ReplyMsgType { get; init; }

    public string? UserNotice { get; init; }
}

// The GET verification of a server URL (docs/wechat-contract.md#server-url-verification): verified when the body is echostr as-is.
public sealed record ServerVerification(bool Verified, string Url, string Echostr, long DurationMs)
{
    public int? Status { get; init; }

    public string? Body { get; init; }

    public string? Error { get; init; }
}
