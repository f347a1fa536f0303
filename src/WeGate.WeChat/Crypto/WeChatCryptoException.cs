namespace WeGate.WeChat.Crypto;

public sealed class WeChatCryptoException(WeChatCryptoError error, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public WeChatCryptoError Error { get; } = error;
}
