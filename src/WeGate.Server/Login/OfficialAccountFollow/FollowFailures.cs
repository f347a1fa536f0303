using WeGate.WeChat.Client;

namespace WeGate.Server.Login.OfficialAccountFollow;

// Flow 1's WeChat calls (qrcode/create, user/info and the access token behind them) carry no code from
// the person, so any errcode that is not transient is the operator's to fix: the person is told that and
// the log says how (docs/errors.md#wechat-answers). Transient failures are retried by the client first, then
// reported as busy.
internal static class FollowFailures
{
    public static string Explain(Exception e, string step, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is WeChatApiException api && WeChatErrors.KindOf(api) != WeChatErrorKind.Transient)
        {
            logger.LogError("WeChat refused the {Step}: {Path} errcode {ErrCode} (rid {Rid}). {Fix}", step, api.Path, api.ErrCode, api.Rid, api.Error?.OperatorFix ?? api.ErrMsg);
            return $"WeChat refused the {step} (errcode {api.ErrCode}); the site's operator can see how to fix it in WeGate's log";
        }
        logger.LogWarning(e, "WeChat {Step} failed: WeChat is busy or did not answer in time", step);
        return $"WeChat is busy or unreachable ({step}); try again in a moment";
    }

    // For the audit log: which call, WeChat's errcode and the rid WeChat support asks for.
    public static string Describe(Exception e) => e is WeChatApiException api
        ? $"{api.Path} failed: errcode {api.ErrCode} (rid {api.Rid ?? "none"})"
        : $"WeChat did not answer ({e.GetType().Name})";
}
