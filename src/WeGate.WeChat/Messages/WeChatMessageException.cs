namespace WeGate.WeChat.Messages;

// The one exception a callback body or query can produce, whatever an attacker sends: callers map
// Error to a response and log Message; the inner exception holds the crypto or XML detail.
public sealed class WeChatMessageException(WeChatMessageError error, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public WeChatMessageError Error { get; } = error;
}
