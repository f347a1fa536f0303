namespace WeGate.WeChat.Client;

// Every errcode ≠ 0 (docs/wechat-contract.md#conventions). Callers branch on ErrCode, never on ErrMsg; the rid is what
// WeChat support asks for, so it is kept apart from the message.
public sealed class WeChatApiException : Exception
{
    public WeChatApiException(string path, int errCode, string errMsg)
        : base($"WeChat {path} failed with errcode {errCode}: {errMsg}")
    {
        Path = path;
        ErrCode = errCode;
        ErrMsg = errMsg;
        Rid = WeChatRid.Parse(errMsg);
    }

    public WeChatApiException()
        : this("(unknown)", -1, "system error")
    {
    }

    public WeChatApiException(string message)
        : base(message)
    {
        Path = "(unknown)";
        ErrCode = -1;
        ErrMsg = message;
    }

    public WeChatApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "(unknown)";
        ErrCode = -1;
        ErrMsg = message;
    }

    public string Path { get; }

    public int ErrCode { get; }

    public string ErrMsg { get; }

    public string? Rid { get; }

    public WeChatError? Error => WeChatErrors.Find(ErrCode);

    // Token errors after which a cached access_token must be dropped (docs/wechat-contract.md#access-tokens).
    public bool IsStaleAccessToken => ErrCode is WeChatErrors.InvalidCredential or WeChatErrors.InvalidAccessToken or WeChatErrors.AccessTokenExpired;
}
