using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WeGate.Server.Tests.Webhooks;

// A real Kestrel server standing in for an application that receives WeGate's webhooks. It records every
// request as it arrives and answers with the status `answer` gives for the n-th request (1-based), or
// never answers when `answer` gives null.
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Func<int, ReceivedWebhook, int?> Answer { get; set; } = (_, _) => 200;

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var h = http.Request.Headers;
            var received = new ReceivedWebhook(h["webhook-id"].ToString(), h["webhook-timestamp"].ToString(), h["webhook-signature"].ToString(), body,
                h.ContentType.ToString());
            receiver._received.Enqueue(received);
            if (receiver.Answer(Interlocked.Increment(ref receiver._count), received) is not { } status)
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
                return Results.Empty;
            }
            return Results.Text($"answer {status}", statusCode: status);
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";
        return receiver;
    }

    // Waits until `done` holds for what was received.
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Received))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The receiver got {Received.Count} requests in {seconds} s: {string.Join(", ", Received.Select(r => r.Type))}");
            await Task.Delay(50);
        }
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, string ContentType)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public string? UserId => Json.GetProperty("data").TryGetProperty("user_id", out var u) ? u.GetString() : null;
}

// A receiver's check of a Standard Webhooks signature (https://www.standardwebhooks.com), written from the
// specification and independent of WeGate's signing code; docs/operations.md#verifying-a-webhook quotes it.
public static class StandardWebhookVerifier
{
    // webhooks:verify:begin
    public static bool Verify(string secret, string id, string timestamp, string signatures, string body, DateTimeOffset now)
    {
        // A timestamp more than five minutes away is a replay (or a clock to fix).
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        // The header lists "v1,<base64>" signatures separated by spaces; one match is enough.
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var given = new byte[64];
            if (signature.StartsWith("v1,", StringComparison.Ordinal) && Convert.TryFromBase64String(signature[3..], given, out var length)
                && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), expected))
                return true;
        }
        return false;
    }
    // webhooks:verify:end
}
