using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Api;

namespace WeGate.Sandbox.Phone;

// Watches the simulated API for QR codes being drawn, so the virtual phone can offer them without the
// API handlers knowing about it. It sits inside ApiCallFilter: faulted and refused calls (thrown
// WeChatRejections) never reach the record.
internal sealed class ShownCodeRecorder(ShownCodes shown) : IEndpointFilter
{
    private const string QrCodeCreate = "cgi-bin/qrcode/create";
    private const string WxaCodeUnlimit = "wxa/getwxacodeunlimit";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var path = http.GetEndpoint()?.Metadata.GetMetadata<WeChatApiPath>()?.Path;
        if (path == WxaCodeUnlimit)
        {
            // The handler reads the body; buffering lets the scene be read again afterwards.
            http.Request.EnableBuffering();
        }

        var result = await next(context);
        if (path == QrCodeCreate && result is IValueHttpResult { Value: { } body }
            && JsonSerializer.SerializeToElement(body).TryGetProperty("ticket", out var ticket) && ticket.GetString() is { } name)
        {
            shown.AddTicket(name);
        }
        else if (path == WxaCodeUnlimit && result is IFileHttpResult && http.Items[ApiRequest.AppIdItem] is string appId)
        {
            http.Request.Body.Position = 0;
            using var request = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            shown.AddWxaCode(appId, ApiRequest.String(request.RootElement, "scene") ?? "", ApiRequest.String(request.RootElement, "page"));
        }

        return result;
    }
}
