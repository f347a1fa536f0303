using WeGate.Server.Errors;
using WeGate.Server.Oidc;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login;

// WeChat's answer, in OAuth terms: a bad or used code is the client's to fix (invalid_grant, with what
// to tell the person); a configuration error is the operator's (logged with the fix, never shown to
// the client); WeChat being busy or unreachable is temporary.
internal static class WeChatFailures
{
    private static readonly HashSet<int> CodeErrors = [40029, 40163, 42003, 40226, 45011, 41008, 40030, 42002, 48001];

    public static OAuthError ToOAuthError(Exception error, string step, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is WeChatApiException api)
        {
            if (CodeErrors.Contains(api.ErrCode))
                return OAuthError.InvalidGrant($"WeChat refused the {step}: {api.Error?.UserMessage ?? api.ErrMsg} (errcode {api.ErrCode})");
            if (api.ErrCode == WeChatErrors.SystemError)
                return Unavailable(step);
            logger.LogError("WeChat {Step} failed with errcode {ErrCode} (rid {Rid}): {Fix}", step, api.ErrCode, api.Rid, api.Error?.OperatorFix ?? api.ErrMsg);
            return new OAuthError("server_error", $"WeGate's WeChat configuration was refused at the {step} (errcode {api.ErrCode}); the operator can see how to fix it in the log",
                StatusCodes.Status500InternalServerError);
        }
        logger.LogWarning(error, "WeChat {Step} failed: WeChat did not answer in time", step);
        return Unavailable(step);
    }

    public static bool IsWeChatFailure(Exception e) =>
        e is WeChatApiException or HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException or InvalidDataException or System.Text.Json.JsonException;

    private static OAuthError Unavailable(string step) =>
        new("temporarily_unavailable", $"WeChat is busy or unreachable ({step}); try again in a moment", StatusCodes.Status503ServiceUnavailable);
}
