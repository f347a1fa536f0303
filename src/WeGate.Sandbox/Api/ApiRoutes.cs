using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WeGate.Sandbox.Api;

// Registers WeChat API handlers under {prefix}/api with the path metadata the filter and log use.
// POST endpoints also accept GET so that they can answer 43002 "require POST method" like WeChat.
internal sealed class ApiRoutes(RouteGroupBuilder group, WeChatSandbox sandbox)
{
    public WeChatSandbox Sandbox { get; } = sandbox;

    public void Get(string path, Func<ApiRequest, Task<IResult>> handler) => Add(path, [HttpMethods.Get], handler);

    public void Post(string path, Func<ApiRequest, Task<IResult>> handler) => Add(path, [HttpMethods.Get, HttpMethods.Post], handler);

    private void Add(string path, string[] methods, Func<ApiRequest, Task<IResult>> handler)
    {
        Func<HttpContext, Task<IResult>> endpoint = http => handler(new ApiRequest(http, Sandbox));
        group.MapMethods(path, methods, (Delegate)endpoint).WithMetadata(new WeChatApiPath(path));
    }
}
