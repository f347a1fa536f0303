using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WeGate.Sandbox.Tests;

// A real Kestrel server on 127.0.0.1 answering every request as `answer` says, and counting them: a
// server URL that misbehaves (redirects, floods, answers garbage), or a target that must never be hit.
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _hits = new();

    private StubServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<string> Hits => [.. _hits];

    public static async Task<StubServer> StartAsync(Func<HttpContext, IResult> answer)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Map("/{**path}", (Delegate)((HttpContext http) =>
        {
            stub._hits.Enqueue(http.Request.Method + " " + http.Request.Path);
            return answer(http);
        }));
        await app.StartAsync();
        stub.Url = new Uri(app.Urls.First().TrimEnd('/') + "/wechat");
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
