using System.Diagnostics;
using System.Diagnostics.Metrics;
using WeGate.WeChat.Client;

namespace WeGate.WeChat.Telemetry;

// The WeChat client's metrics and spans (docs/operations.md#metrics-and-traces). A meter and a source
// of its own, because this library depends on nothing of WeGate's; WeGate's host listens to both.
// Without a listener an instrument's Add and StartActivity do nothing, so a WeGate with telemetry off
// pays one branch per call.
public static class WeChatTelemetry
{
    public const string Name = "WeGate.WeChat";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    // One per call of a WeChat API, after its retries (each attempt is an HTTP client span of its own).
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("wegate.wechat.calls", "{call}",
        "Calls WeGate made to WeChat's API, by API path and the errcode WeChat answered (0: success)");

    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("wegate.wechat.call.duration", "s",
        "How long a call to WeChat's API took, retries included");

    public static readonly Counter<long> AccessTokenRefreshes = Meter.CreateCounter<long>("wegate.wechat.access_token.refreshes", "{refresh}",
        "Access tokens WeGate fetched from WeChat (cgi-bin/token), by outcome");

    internal static bool Listening => Calls.Enabled || CallDuration.Enabled || Source.HasListeners();

    // Errcodes are a small fixed set (WeChatErrors); a transport failure or timeout has none and is named
    // by error.type instead.
    internal static void Record(string api, long started, Exception? error, Activity? activity)
    {
        int? errCode = error switch
        {
            null => 0,
            WeChatApiException e => e.ErrCode,
            _ => null,
        };
        var errorType = errCode is null ? error!.GetType().Name : null;
        if (activity is not null)
        {
            activity.SetTag("wechat.errcode", errCode);
            activity.SetTag("error.type", errorType);
            if (error is not null)
                activity.SetStatus(ActivityStatusCode.Error, errCode is null ? error.Message : $"errcode {errCode}");
            activity.Dispose();
        }
        if (!Calls.Enabled && !CallDuration.Enabled)
            return;
        var tags = new TagList { { "wechat.api", api } };
        if (errCode is { } code)
            tags.Add("wechat.errcode", code);
        else
            tags.Add("error.type", errorType);
        Calls.Add(1, tags);
        CallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    internal static Activity? StartCall(string api)
    {
        if (!Source.HasListeners())
            return null;
        var activity = Source.StartActivity("wechat " + api, ActivityKind.Internal);
        activity?.SetTag("wechat.api", api);
        return activity;
    }

    internal static void AccessTokenRefreshed(bool succeeded)
    {
        if (AccessTokenRefreshes.Enabled)
            AccessTokenRefreshes.Add(1, new KeyValuePair<string, object?>("wegate.outcome", succeeded ? "success" : "failure"));
    }
}
