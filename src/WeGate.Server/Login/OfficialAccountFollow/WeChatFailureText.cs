using WeGate.WeChat.Client;

namespace WeGate.Server.Login.OfficialAccountFollow;

// A failed WeChat call in an audit reason: which call, WeChat's errcode and the rid WeChat support asks for.
internal static class WeChatFailureText
{
    public static string Describe(Exception e) => e is WeChatApiException api
        ? $"{api.Path} failed: errcode {api.ErrCode} (rid {api.Rid ?? "none"})"
        : $"WeChat did not answer ({e.GetType().Name})";
}
