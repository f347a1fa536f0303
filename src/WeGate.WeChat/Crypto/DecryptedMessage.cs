namespace WeGate.WeChat.Crypto;

// Key is whichever EncodingAESKey opened the message; the reply must be encrypted with it
// (wechat-api.md §1.5, FAQ rule on key rotation).
public sealed record DecryptedMessage(string Text, EncodingAesKey Key, bool UsedPreviousKey);
