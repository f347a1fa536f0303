namespace WeGate.WeChat.Messages;

public enum WeChatMessageError
{
    BodyTooLarge,
    MalformedXml,
    UnexpectedRoot,
    MissingElement,
    InvalidElement,
    UnsupportedEncryptType,
    EncryptionRequired,
    EncryptionNotConfigured,
    InvalidSignature,
    InvalidMsgSignature,
    DecryptionFailed,
    AppIdMismatch,
}
