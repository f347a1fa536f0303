using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// WeChat's side of a callback, for the sandbox: compose a signed push in the account's mode and
// read the passive reply back (docs/wechat-contract.md#official-account-server, docs/wechat-contract.md#message-crypto).
public sealed class CallbackSender
{
    private readonly CallbackAccount account;
    private readonly TimeProvider time;

    public CallbackSender(CallbackAccount account, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(time);
        account.Validate();
        this.account = account;
        this.time = time;
    }

    public CallbackQuery ComposeVerification(string timestamp, string nonce) =>
        new(WeChatSignature.ForUrl(account.Token, timestamp, nonce), timestamp, nonce);

    public ComposedPush Compose(InboundMessage message) =>
        Compose(message, CallbackNonce.Timestamp(time), CallbackNonce.Nonce());

    public ComposedPush Compose(InboundMessage message, string timestamp, string nonce)
    {
        ArgumentNullException.ThrowIfNull(message);
        var query = new CallbackQuery(WeChatSignature.ForUrl(account.Token, timestamp, nonce), timestamp, nonce, OpenId: message.FromUserName);
        var plaintext = InboundMessageWriter.WritePlaintext(message);
        if (account.Mode == MessageMode.Plaintext)
        {
            return new ComposedPush(query, plaintext);
        }

        var encrypt = WxBizMsgCrypt.Encrypt(plaintext, account.AppId, account.CurrentKey!);
        var body = account.Mode == MessageMode.Compatible
            ? InboundMessageWriter.WriteCompatible(message, encrypt)
            : InboundMessageWriter.WriteSafe(message.ToUserName, encrypt);
        var encryptedQuery = query with
        {
            EncryptType = "aes",
            MsgSignature = WeChatSignature.ForMessage(account.Token, timestamp, nonce, encrypt),
        };
        return new ComposedPush(encryptedQuery, body);
    }

    // "success" or an empty body means "no reply" (docs/wechat-contract.md#passive-replies): null. Safe mode accepts only the
    // encrypted envelope; compatible mode also takes a plaintext reply.
    public InboundMessage? ReadReply(string? body)
    {
        if (string.IsNullOrEmpty(body) || body == "success")
        {
            return null;
        }

        var outer = InboundMessage.Parse(body);
        if (outer.Encrypt is null)
        {
            return account.Mode == MessageMode.Safe
                ? throw new WeChatMessageException(WeChatMessageError.EncryptionRequired, "A safe-mode account replied in plaintext.")
                : outer;
        }

        if (account.CurrentKey is null)
        {
            throw new WeChatMessageException(WeChatMessageError.EncryptionNotConfigured, "The reply is encrypted but the account has no EncodingAESKey.");
        }

        var envelope = EncryptedReply.Parse(body);
        if (!WeChatSignature.VerifyMessage(account.Token, envelope.TimeStamp, envelope.Nonce, envelope.Encrypt, envelope.MsgSignature))
        {
            throw new WeChatMessageException(WeChatMessageError.InvalidMsgSignature, "The reply's MsgSignature does not match.");
        }

        return InboundMessage.Parse(MessageDecryption.Decrypt(envelope.Encrypt, account).Text);
    }
}
