using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// ReplyKey is the EncodingAESKey that opened an encrypted push; the reply must use it (docs/wechat-contract.md#key-rotation).
public sealed record OpenedMessage(InboundMessage Message, bool WasEncrypted, EncodingAesKey? ReplyKey, bool UsedPreviousKey);
