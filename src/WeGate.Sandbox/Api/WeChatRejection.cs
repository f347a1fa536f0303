namespace WeGate.Sandbox.Api;

// Thrown by request checks deep inside a handler and turned into a WeChatErrorResult by ApiCallFilter.
internal sealed class WeChatRejection(int errCode, string? detail = null) : Exception($"errcode {errCode}")
{
    public int ErrCode { get; } = errCode;

    public string? Detail { get; } = detail;

    public static void ThrowIf(int errCode)
    {
        if (errCode != 0)
        {
            throw new WeChatRejection(errCode);
        }
    }
}
