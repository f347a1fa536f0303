namespace WeGate.WeChat.Crypto;

// Key is whichever EncodingAESKey opened the message; the reply must be encrypted with it
// (docs/wechat-contract.md#key-rotation).
public sealed record DecryptedMessage(string Text, EncodingAesKey Key, bool UsedPreviousKey);
