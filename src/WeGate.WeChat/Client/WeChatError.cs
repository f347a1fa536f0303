namespace WeGate.WeChat.Client;

// One row of WeChatErrors: whose move it is, what the code means, what the operator should change, and
// the sentence the end user may see. Only UserMessage is safe to show outside the server.
public sealed record WeChatError(int Code, WeChatErrorKind Kind, string Meaning, string OperatorFix, string UserMessage, bool Retryable = false);

// Who can fix a WeChat error (docs/errors.md#wechat-answers).
public enum WeChatErrorKind
{
    // The person's code or authorization is bad, used or expired: they sign in again.
    User,

    // WeGate's WeChat configuration is wrong (secret, IP whitelist, permissions, page): the operator fixes it.
    Operator,

    // WeChat is busy, over a quota for the moment or did not answer: try again shortly.
    Transient,
}
