using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using WeGate.WeChat.Telemetry;

namespace WeGate.WeChat.Client;

// Typed calls to api.weixin.qq.com (docs/wechat-contract.md). The HttpClient is handed in (typed-client style) so
// its handler and lifetime are managed by IHttpClientFactory or a test host.
public sealed partial class WeChatApiClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _repeatable;
    private readonly ResiliencePipeline _once;

    public WeChatApiClient(HttpClient http, WeChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        options ??= new WeChatClientOptions();
        Endpoints = options.Endpoints;
        _once = new ResiliencePipelineBuilder().AddTimeout(options.Timeout).Build();
        var repeatable = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts > 0)
        {
            repeatable.AddRetry(new RetryStrategyOptions
            {
                // Only -1 ("system error, retry") and transport failures; any other errcode is an answer.
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<WeChatApiException>(error => error.ErrCode == WeChatErrors.SystemError),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _repeatable = repeatable.AddTimeout(options.Timeout).Build();
    }

    public WeChatEndpoints Endpoints { get; }

    private Task<T> GetAsync<T>(string path, bool repeatable, CancellationToken cancellationToken, params (string Name, string? Value)[] query) =>
        SendJsonAsync<T>(path, () => new HttpRequestMessage(HttpMethod.Get, WeChatEndpoints.Build(Endpoints.Api, path, query)), repeatable, cancellationToken);

    private Task<T> PostAsync<T>(string path, string? accessToken, JsonObject body, bool repeatable, CancellationToken cancellationToken) =>
        SendJsonAsync<T>(path, () => Post(path, accessToken, body), repeatable, cancellationToken);

    private HttpRequestMessage Post(string path, string? accessToken, JsonObject body) =>
        new(HttpMethod.Post, WeChatEndpoints.Build(Endpoints.Api, path, ("access_token", accessToken)))
        {
            // docs/wechat-contract.md#conventions: POST bodies must be JSON, a form body gives 47001.
            Content = JsonContent.Create(body),
        };

    private async Task<T> SendJsonAsync<T>(string path, Func<HttpRequestMessage> request, bool repeatable, CancellationToken cancellationToken)
    {
        var body = await SendAsync(path, request, repeatable, async (response, token) =>
        {
            var element = await response.Content.ReadFromJsonAsync<JsonElement>(token);
            ThrowIfError(path, element);
            return element;
        }, cancellationToken);
        return Read<T>(path, body);
    }

    // Every call goes through here, so each is counted and traced once (WeChatTelemetry); with nothing
    // listening, the call runs as it is.
    private Task<T> SendAsync<T>(
        string path,
        Func<HttpRequestMessage> request,
        bool repeatable,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken) =>
        WeChatTelemetry.Listening
            ? SendObservedAsync(path, request, repeatable, read, cancellationToken)
            : SendUnobservedAsync(request, repeatable, read, cancellationToken);

    private async Task<T> SendObservedAsync<T>(
        string path,
        Func<HttpRequestMessage> request,
        bool repeatable,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var activity = WeChatTelemetry.StartCall(path);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await SendUnobservedAsync(request, repeatable, read, cancellationToken);
            WeChatTelemetry.Record(path, started, null, activity);
            return result;
        }
        catch (Exception error)
        {
            WeChatTelemetry.Record(path, started, error, activity);
            throw;
        }
    }

    private Task<T> SendUnobservedAsync<T>(
        Func<HttpRequestMessage> request,
        bool repeatable,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var pipeline = repeatable ? _repeatable : _once;
        return pipeline.ExecuteAsync(async token =>
        {
            using var message = request();
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
            response.EnsureSuccessStatusCode();
            return await read(response, token);
        }, cancellationToken).AsTask();
    }

    // docs/wechat-contract.md#conventions: an error is HTTP 200 with errcode ≠ 0; a missing errcode counts as 0.
    private static void ThrowIfError(string path, JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("errcode", out var code)
            && code.TryGetInt32(out var errCode)
            && errCode != 0)
        {
            var errMsg = body.TryGetProperty("errmsg", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString() ?? string.Empty
                : string.Empty;
            throw new WeChatApiException(path, errCode, errMsg);
        }
    }

    private static T Read<T>(string path, JsonElement body)
    {
        try
        {
            return body.Deserialize<T>(Json) ?? throw new InvalidDataException($"WeChat {path} answered an empty body.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"WeChat {path} answered an unexpected body.", error);
        }
    }
}
