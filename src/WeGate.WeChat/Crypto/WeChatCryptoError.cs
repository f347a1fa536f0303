namespace WeGate.WeChat.Crypto;

// Mirrors the official demos' local error codes (docs/wechat-contract.md#local-error-codes)
// so operators can match a log line against WeChat's own documentation.
public enum WeChatCryptoError
{
    IllegalAesKey = -40004,
    AppIdMismatch = -40005,
    IllegalBuffer = -40008,
    InvalidBase64 = -40010,
    IllegalSessionKey = -41001,
    IllegalIv = -41002,
    IllegalDataBuffer = -41003,
}
