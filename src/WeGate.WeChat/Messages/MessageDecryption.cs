using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// Turns the crypto layer's errors into message errors, keeping the detail as the inner exception.
internal static class MessageDecryption
{
    public static DecryptedMessage Decrypt(string encrypt, CallbackAccount account)
    {
        try
        {
            return WxBizMsgCrypt.Decrypt(encrypt, account.AppId, account.CurrentKey!, account.PreviousKey);
        }
        catch (WeChatCryptoException ex)
        {
            var error = ex.Error == WeChatCryptoError.AppIdMismatch
                ? WeChatMessageError.AppIdMismatch
                : WeChatMessageError.DecryptionFailed;
            throw new WeChatMessageException(error, "The encrypted body did not open: " + ex.Message, ex);
        }
    }
}
