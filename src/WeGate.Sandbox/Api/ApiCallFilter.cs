using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Faults;

namespace WeGate.Sandbox.Api;

internal sealed record WeChatApiPath(string Path);

// Around every simulated API call: injected faults first, then the handler; WeChatRejections become
// WeChat error bodies; every call lands in the call log.
internal sealed class ApiCallFilter(WeChatSandbox sandbox) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var path = http.GetEndpoint()?.Metadata.GetMetadata<WeChatApiPath>()?.Path ?? http.Request.Path.Value ?? "";
        var fault = sandbox.Faults.Take(path);
        object? result;
        try
        {
            result = fault is null ? await next(context) : await InjectAsync(fault, context, next);
        }
        catch (WeChatRejection rejection)
        {
            result = new WeChatErrorResult(rejection.ErrCode, rejection.Detail, sandbox.Time.GetUtcNow());
        }

        var errCode = result is WeChatErrorResult error ? error.ErrCode : 0;
        sandbox.Calls.Add(new SandboxCall(sandbox.Time.GetUtcNow(), http.Request.Method, path, AppIdOf(http), errCode, fault is not null));
        return result;
    }

    // The app a call was for, even when a fault answered before the handler looked at the request.
    private string? AppIdOf(HttpContext http)
    {
        if (http.Items[ApiRequest.AppIdItem] is string known)
        {
            return known;
        }

        if (http.Request.Query["appid"].ToString() is { Length: > 0 } appId)
        {
            return appId;
        }

        return http.Request.Query["access_token"].ToString() is { Length: > 0 } token
            ? sandbox.AccessTokens.Validate(token).Token?.AppId ?? sandbox.SnsTokens.Validate(token).Grant?.AppId
            : null;
    }

    private async ValueTask<object?> InjectAsync(SandboxFault fault, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var aborted = context.HttpContext.RequestAborted;
        if (fault.LatencyMs > 0)
        {
            await Task.Delay(fault.LatencyMs, aborted);
        }

        if (fault.Timeout)
        {
            // Hang until the client gives up, as a WeChat that never answers would.
            await Task.Delay(Timeout.Infinite, aborted);
        }

        return fault.ErrCode is { } errCode
            ? new WeChatErrorResult(errCode, null, sandbox.Time.GetUtcNow())
            : await next(context);
    }
}
