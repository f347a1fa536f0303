using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// WeGate's side of an Official Account callback: verify, decrypt and parse a push, and seal the reply
// (docs/wechat-contract.md#official-account-server, docs/wechat-contract.md#message-crypto). Every rejection is a WeChatMessageException.
public sealed class CallbackReceiver
{
    private readonly CallbackAccount account;
    private readonly TimeProvider time;

    public CallbackReceiver(CallbackAccount account, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(time);
        account.Validate();
        this.account = account;
        this.time = time;
    }

    public string VerifyEcho(CallbackQuery query, string? echostr)
    {
        ArgumentNullException.ThrowIfNull(query);
        return EchostrVerification.TryRespond(account.Token, query.Signature, query.Timestamp, query.Nonce, echostr, out var body)
            ? body
            : throw new WeChatMessageException(WeChatMessageError.InvalidSignature, "The echostr request's signature does not match.");
    }

    public OpenedMessage Open(CallbackQuery query, string body)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length > SecureXml.MaxBodyLength)
        {
            throw new WeChatMessageException(WeChatMessageError.BodyTooLarge, $"The push body exceeds {SecureXml.MaxBodyLength} characters.");
        }

        // Every push carries the URL signature, aes or not (docs/wechat-contract.md#message-modes); check it before parsing anything.
        if (!WeChatSignature.VerifyUrl(account.Token, query.Timestamp, query.Nonce, query.Signature))
        {
            throw new WeChatMessageException(WeChatMessageError.InvalidSignature, "The push's signature does not match.");
        }

        var encrypted = query.IsEncrypted();
        if (!encrypted && account.Mode == MessageMode.Safe)
        {
            throw new WeChatMessageException(WeChatMessageError.EncryptionRequired, "The account is in safe mode but the push is plaintext.");
        }

        var outer = InboundMessage.Parse(body);
        if (!encrypted)
        {
            return new OpenedMessage(RequireAddressed(outer), WasEncrypted: false, ReplyKey: null, UsedPreviousKey: false);
        }

        var decrypted = Decrypt(query, outer);
        var inner = InboundMessage.Parse(decrypted.Text);
        return new OpenedMessage(RequireAddressed(inner), WasEncrypted: true, decrypted.Key, decrypted.UsedPreviousKey);
    }

    // Plaintext pushes get their reply as-is; aes pushes get the envelope, encrypted with the key that opened them (docs/wechat-contract.md#passive-replies).
    public string SealReply(OpenedMessage opened, string replyXml) =>
        SealReply(opened, replyXml, CallbackNonce.Timestamp(time), CallbackNonce.Nonce());

    public string SealReply(OpenedMessage opened, string replyXml, string timestamp, string nonce)
    {
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(replyXml);
        if (!opened.WasEncrypted || opened.ReplyKey is null)
        {
            return replyXml;
        }

        var encrypt = WxBizMsgCrypt.Encrypt(replyXml, account.AppId, opened.ReplyKey);
        var signature = WeChatSignature.ForMessage(account.Token, timestamp, nonce, encrypt);
        return new EncryptedReply(encrypt, signature, timestamp, nonce).ToXml();
    }

    private DecryptedMessage Decrypt(CallbackQuery query, InboundMessage outer)
    {
        if (account.CurrentKey is null)
        {
            throw new WeChatMessageException(WeChatMessageError.EncryptionNotConfigured, "The push is encrypted but the account has no EncodingAESKey.");
        }

        if (string.IsNullOrEmpty(outer.Encrypt))
        {
            throw new WeChatMessageException(WeChatMessageError.MissingElement, "The encrypted push has no <Encrypt>.");
        }

        if (!WeChatSignature.VerifyMessage(account.Token, query.Timestamp, query.Nonce, outer.Encrypt, query.MsgSignature))
        {
            throw new WeChatMessageException(WeChatMessageError.InvalidMsgSignature, "The push's msg_signature does not match.");
        }

        return MessageDecryption.Decrypt(outer.Encrypt, account);
    }

    private static InboundMessage RequireAddressed(InboundMessage message) =>
        string.IsNullOrEmpty(message.ToUserName) || string.IsNullOrEmpty(message.FromUserName) || string.IsNullOrEmpty(message.MsgType)
            ? throw new WeChatMessageException(WeChatMessageError.MissingElement, "The push lacks ToUserName, FromUserName or MsgType.")
            : message;
}
