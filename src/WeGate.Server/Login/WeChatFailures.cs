using WeGate.Server.Errors;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login;

// WeChat's answer, in OAuth terms, by the kind its errcode has in WeChatErrors (docs/errors.md#wechat-answers):
// the person's bad or used code is the client's to fix (invalid_grant, with what to tell the person); a
// configuration error is the operator's (logged with the fix, never shown to the client); WeChat being
// busy, over a quota or unreachable is temporary.
internal static class WeChatFailures
{
    public static OAuthError ToOAuthError(Exception error, string step, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(error);
        var api = error as WeChatApiException;
        switch (WeChatErrors.KindOf(error))
        {
            case WeChatErrorKind.User:
                return WeGateErrors.WeChatRefusedCode.Error($"WeChat refused the {step}: {api!.Error?.UserMessage ?? api.ErrMsg} (errcode {api.ErrCode})");
            case WeChatErrorKind.Operator:
                logger.LogError("WeChat {Step} failed with errcode {ErrCode} (rid {Rid}): {Fix}", step, api!.ErrCode, api.Rid, api.Error?.OperatorFix ?? api.ErrMsg);
                return WeGateErrors.WeChatRefusedConfiguration.Error(
                    $"WeGate's WeChat configuration was refused at the {step} (errcode {api.ErrCode}); the operator can see how to fix it in the log");
            default:
                logger.LogWarning(error, "WeChat {Step} failed: WeChat is busy, over a quota or did not answer in time", step);
                // The errcode tells a client whether to retry at once (-1) or after a minute (45011).
                return WeGateErrors.WeChatUnavailable.Error(api is null
                    ? $"WeChat is busy or unreachable ({step}); try again in a moment"
                    : $"WeChat is busy or over a quota at the {step}: {api.Error?.UserMessage ?? api.ErrMsg} (errcode {api.ErrCode})");
        }
    }

    public static bool IsWeChatFailure(Exception e) => WeChatErrors.KindOf(e) is not null;
}
