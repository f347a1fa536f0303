using System.Diagnostics.CodeAnalysis;

namespace WeGate.WeChat.Crypto;

// GET callback verification: when the URL signature matches, the body is echostr as-is, in plain
// text even for accounts in safe mode (docs/wechat-contract.md#server-url-verification).
public static class EchostrVerification
{
    public static bool TryRespond(
        string token,
        string? signature,
        string? timestamp,
        string? nonce,
        string? echostr,
        [NotNullWhen(true)] out string? responseBody)
    {
        responseBody = null;
        if (echostr is null || !WeChatSignature.VerifyUrl(token, timestamp, nonce, signature))
        {
            return false;
        }

        responseBody = echostr;
        return true;
    }
}
