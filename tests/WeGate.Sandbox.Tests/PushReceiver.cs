using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Tests;

// A second real Kestrel server standing in for an official account's server: it checks every push
// with WeGate's CallbackReceiver (signature, msg_signature, decryption) and answers as told.
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallbackReceiver _receiver;
    private readonly Func<int, OpenedMessage, CallbackReceiver, string?> _answer;
    private readonly ConcurrentQueue<ReceivedPush> _pushes = new();

    private PushReceiver(WebApplication app, CallbackReceiver receiver, Func<int, OpenedMessage, CallbackReceiver, string?> answer)
    {
        _app = app;
        _receiver = receiver;
        _answer = answer;
    }

    public Uri Url { get; private set; } = null!;

    public string AppId { get; private set; } = "";

    public IReadOnlyList<ReceivedPush> Pushes => [.. _pushes];

    // `answer` gets the attempt number (1-based) and the opened push; it returns the body to send,
    // or null to sleep past any deadline.
    public static async Task<PushReceiver> StartAsync(CallbackAccount account, Func<int, OpenedMessage, CallbackReceiver, string?> answer)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PushReceiver(app, new CallbackReceiver(account, TimeProvider.System), answer);
        app.MapGet("/wechat", (Delegate)receiver.Echo);
        app.MapPost("/wechat", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First().TrimEnd('/') + "/wechat");
        receiver.AppId = account.AppId;
        return receiver;
    }

    public static string Success(int attempt, OpenedMessage opened, CallbackReceiver receiver) => "success";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static CallbackQuery QueryOf(HttpRequest request) => new(
        request.Query["signature"], request.Query["timestamp"], request.Query["nonce"],
        request.Query["encrypt_type"].ToString() is { Length: > 0 } type ? type : null,
        request.Query["msg_signature"].ToString() is { Length: > 0 } signature ? signature : null,
        request.Query["openid"]);

    private IResult Echo(HttpContext http)
    {
        try
        {
            return Results.Text(_receiver.VerifyEcho(QueryOf(http.Request), http.Request.Query["echostr"]), "text/plain");
        }
        catch (WeChatMessageException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    private async Task<IResult> ReceiveAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        OpenedMessage opened;
        try
        {
            opened = _receiver.Open(QueryOf(http.Request), body);
        }
        catch (WeChatMessageException error)
        {
            _pushes.Enqueue(new ReceivedPush(http.Request.QueryString.Value ?? "", body, null, error.Message));
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        _pushes.Enqueue(new ReceivedPush(http.Request.QueryString.Value ?? "", body, opened, null));
        var answer = _answer(_pushes.Count, opened, _receiver);
        if (answer is null)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        }

        return Results.Text(answer ?? "", "text/plain");
    }
}

public sealed record ReceivedPush(string Query, string Body, OpenedMessage? Opened, string? Error);
