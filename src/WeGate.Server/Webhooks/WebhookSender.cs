using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using WeGate.Core.Secrets;
using WeGate.Core.Webhooks;

namespace WeGate.Server.Webhooks;

// One attempt: a signed POST of the message (Standard Webhooks headers), within the timeout, reading at
// most MaxResponseBytesKept of the answer. Redirects are not followed, and no proxy is used, so the
// address check in Connect sees the address WeGate really sends to.
internal sealed class WebhookSender(IHttpClientFactory clients, SecretProtector protector, TimeProvider clock, IOptions<WebhookOptions> options)
{
    public const string ClientName = "WeGate.Webhooks";

    public async Task<AttemptResult> SendAsync(ClaimedMessage message, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var purpose = WebhookSecrets.Purpose(message.Pool, message.WebhookId);
            var secrets = message.PreviousSecret is { } previous ? [message.Secret, previous] : new[] { message.Secret };
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
            {
                Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", message.Id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // During a rotation both secrets sign, space-separated (Standard Webhooks, "Webhook headers").
            request.Headers.Add("webhook-signature",
                string.Join(' ', secrets.Select(s => WebhookSignature.Sign(protector.Unprotect(s, purpose), message.Id, timestamp, message.Payload))));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadStartAsync(response, timeout.Token);
            return new AttemptResult((int)response.StatusCode, Stopwatch.GetElapsedTime(started), null, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(null, Stopwatch.GetElapsedTime(started), $"no answer within {options.Value.TimeoutSeconds} s", null);
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(null, Stopwatch.GetElapsedTime(started), e.InnerException is RefusedAddressException r ? r.Message : e.Message, null);
        }
        catch (SecretUnreadableException e)
        {
            return new AttemptResult(null, Stopwatch.GetElapsedTime(started), e.Message, null);
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[WebhookOptions.MaxResponseBytesKept];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is > 0 and var n)
            read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public static SocketsHttpHandler Handler(WebhookPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, ct) => ConnectAsync(context, policy, ct),
    };

    // Resolves the name and connects to its first allowed address; a private one is refused unless
    // WeGate:Webhooks:AllowPrivateNetworks (WebhookRules.IsPrivate).
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookPolicy policy, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = policy.AllowPrivateNetworks ? addresses : addresses.Where(a => !WebhookRules.IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new RefusedAddressException(addresses.Length == 0
                ? $"{host} does not resolve to any address"
                : $"{host} resolves to a private address ({addresses[0]}); WeGate refuses it unless WeGate:Webhooks:AllowPrivateNetworks is true");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

internal sealed class RefusedAddressException(string message) : IOException(message);
