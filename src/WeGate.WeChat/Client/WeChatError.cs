namespace WeGate.WeChat.Client;

// One row of WeChatErrors: what the code means, what the operator should change, and the sentence the
// end user may see. Only UserMessage is safe to show outside the server.
public sealed record WeChatError(int Code, string Meaning, string OperatorFix, string UserMessage, bool Retryable = false);
