using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Push;

// What WeChat does when a developer saves the server configuration (docs/wechat-contract.md#server-url-verification): a signed GET
// with echostr, which must come back as-is in plain text, even in safe mode. Same deadline as pushes.
internal sealed class ServerVerifier(SandboxOptions options, TimeProvider time, ServerHttp http)
{
    // An echostr is some twenty digits; reading more only to compare it is pointless.
    private const int MaxBodyLength = 4096;

    public async Task<ServerVerification> VerifyAsync(SandboxApp app, CancellationToken cancellationToken)
    {
        var sender = new CallbackSender(EventPusher.AccountOf(app), time);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

        // echostr is a long decimal number in the doc's example (docs/wechat-contract.md#test-vectors V2).
        var echostr = RandomNumberGenerator.GetInt32(1, 10).ToString(CultureInfo.InvariantCulture) + RandomNumberGenerator.GetString("0123456789", 18);
        var query = sender.ComposeVerification(timestamp, nonce).ToQueryString() + "&echostr=" + echostr;
        var url = EventPusher.WithQuery(app.ServerUrl!, query);
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PushDeadline);
        try
        {
            using var client = http.CreateClient();
            using var response = await client.GetAsync(url, deadline.Token);
            var body = await ServerReply.ReadAsync(response.Content, MaxBodyLength, deadline.Token);
            return new ServerVerification(response.StatusCode == HttpStatusCode.OK && body == echostr, url.ToString(), echostr, Elapsed())
            {
                Status = (int)response.StatusCode,
                Body = ServerReply.Excerpt(body, response.Content),
                Error = response.StatusCode != HttpStatusCode.OK ? ServerReply.Status(response.StatusCode)
                    : body == echostr ? null : "The reply was not the echostr sent: answer the GET with the echostr query parameter as-is, in plain text.",
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ServerVerification(false, url.ToString(), echostr, Elapsed()) { Error = $"No answer within {options.PushDeadline.TotalMilliseconds:0} ms." };
        }
        catch (HttpRequestException error)
        {
            return new ServerVerification(false, url.ToString(), echostr, Elapsed()) { Error = error.Message };
        }
    }
}
