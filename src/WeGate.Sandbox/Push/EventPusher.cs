using System.Diagnostics;
using System.Net;
using System.Text;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Push;

// WeChat's side of an official account's server configuration (docs/wechat-contract.md#official-account-server): composes a
// push with CallbackSender, posts it in the background, and records every attempt in the DeliveryLog.
internal sealed class EventPusher(SandboxOptions options, TimeProvider time, DeliveryLog log, ServerUrlRule rule, ServerHttp http)
{
    // What the user sees when the server fails to answer usefully (docs/wechat-contract.md#deadline-and-retries).
    public const string ServiceUnavailableNotice = "该公众号暂时无法提供服务，请稍后再试";

    private const int MaxReplyLength = 64 * 1024;

    // Null when the app has no server URL: WeChat then pushes nothing.
    public SandboxDelivery? Push(SandboxApp app, InboundMessage message)
    {
        if (app.ServerUrl is null || app.Token is null)
        {
            return null;
        }

        var sender = new CallbackSender(AccountOf(app), time);
        var composed = sender.Compose(message);
        var delivery = log.Start(new SandboxDelivery(
            "d_" + Grants.RandomText.Hex(16), app.AppId, message.FromUserName ?? "", message.Event ?? "", message.EventKey,
            WithQuery(app.ServerUrl, composed.Query.ToQueryString()).ToString(), composed.Body)
        {
            CreatedAt = time.GetUtcNow(),
        });
        _ = Task.Run(() => DeliverAsync(delivery, sender, message));
        return delivery;
    }

    public static CallbackAccount AccountOf(SandboxApp app) => new(
        app.Token ?? "",
        app.AppId,
        app.MessageMode,
        app.EncodingAesKey is { } key ? EncodingAesKey.Parse(key) : null);

    public static Uri WithQuery(string url, string query) => new(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);

    // The same URL and body every time; WeChat re-sends at once after dropping the connection (docs/wechat-contract.md#deadline-and-retries).
    private async Task DeliverAsync(SandboxDelivery delivery, CallbackSender sender, InboundMessage message)
    {
        var attempts = Math.Max(1, options.PushAttempts);
        DeliveryAttempt? last = null;
        try
        {
            // Checked again at push time: the sandbox's settings or own address may have changed since
            // the URL was saved.
            if (rule.Problem(delivery.Url) is { } refused)
            {
                last = new DeliveryAttempt(1, time.GetUtcNow(), 0, DeliveryOutcome.Failed) { Error = refused };
                log.Record(delivery.Id, last);
                return;
            }

            for (var number = 1; number <= attempts; number++)
            {
                last = await AttemptAsync(delivery, number, sender, message);
                log.Record(delivery.Id, last);
                if (last.Outcome is not (DeliveryOutcome.TimedOut or DeliveryOutcome.Failed))
                {
                    break;
                }
            }
        }
        finally
        {
            // Completed even if something unforeseen threw, so that waiters are released.
            var outcome = last?.Outcome ?? DeliveryOutcome.Failed;
            log.Complete(delivery.Id, current => current with
            {
                Outcome = outcome,
                UserNotice = current.UserNotice ?? (outcome == DeliveryOutcome.Acknowledged ? null : ServiceUnavailableNotice),
            });
        }
    }

    private async Task<DeliveryAttempt> AttemptAsync(SandboxDelivery delivery, int number, CallbackSender sender, InboundMessage message)
    {
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var deadline = new CancellationTokenSource(options.PushDeadline);
        try
        {
            using var client = http.CreateClient();
            using var content = new StringContent(delivery.Body, Encoding.UTF8, "text/xml");
            using var response = await client.PostAsync(new Uri(delivery.Url), content, deadline.Token);
            var body = await ServerReply.ReadAsync(response.Content, MaxReplyLength, deadline.Token);
            var attempt = new DeliveryAttempt(number, at, Elapsed(), DeliveryOutcome.Acknowledged)
            {
                Status = (int)response.StatusCode,
                Reply = ServerReply.Excerpt(body, response.Content),
            };
            return Judge(delivery, attempt, response.StatusCode, body, sender, message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new DeliveryAttempt(number, at, Elapsed(), DeliveryOutcome.TimedOut)
            {
                Error = $"No answer within {options.PushDeadline.TotalMilliseconds:0} ms; connection dropped.",
            };
        }
        catch (HttpRequestException error)
        {
            return new DeliveryAttempt(number, at, Elapsed(), DeliveryOutcome.Failed) { Error = error.Message };
        }
    }

    // An answered request is final whatever it says; only silence is retried (docs/wechat-contract.md#deadline-and-retries). The doc does not
    // say what a non-200 status means; the sandbox counts it as an invalid reply, not as silence.
    private DeliveryAttempt Judge(SandboxDelivery delivery, DeliveryAttempt attempt, HttpStatusCode status, string body, CallbackSender sender, InboundMessage message)
    {
        if (status != HttpStatusCode.OK)
        {
            return attempt with { Outcome = DeliveryOutcome.InvalidReply, Error = ServerReply.Status(status) };
        }

        try
        {
            if (sender.ReadReply(body) is not { } reply)
            {
                return attempt;
            }

            // A reply goes back to the sender: ToUserName is the push's FromUserName and the other way
            // round (docs/wechat-contract.md#passive-replies). The doc does not say WeChat checks it; the sandbox does, to catch swapped names.
            if (reply.ToUserName != message.FromUserName || reply.FromUserName != message.ToUserName || string.IsNullOrEmpty(reply.MsgType))
            {
                return attempt with { Outcome = DeliveryOutcome.InvalidReply, Error = "The reply's ToUserName/FromUserName/MsgType do not answer the push." };
            }

            var xml = InboundMessageWriter.WritePlaintext(reply);
            var notice = reply.Elements.GetValueOrDefault("Content") ?? $"[{reply.MsgType}]";
            log.Update(delivery.Id, current => current with { ReplyXml = xml, ReplyMsgType = reply.MsgType, UserNotice = notice });
            return attempt with { Outcome = DeliveryOutcome.Replied };
        }
        catch (WeChatMessageException error)
        {
            return attempt with { Outcome = DeliveryOutcome.InvalidReply, Error = $"{error.Error}: {error.Message}" };
        }
    }
}
