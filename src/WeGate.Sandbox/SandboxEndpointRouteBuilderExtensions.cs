using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeGate.Sandbox.Api;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox;

public static class SandboxEndpointRouteBuilderExtensions
{
    // Mounts one simulated WeChat: {prefix}/api = api.weixin.qq.com, {prefix}/open = open.weixin.qq.com
    // (the OAuth pages), {prefix}/mp = mp.weixin.qq.com, {prefix}/control = the control API. Time comes
    // from the host's TimeProvider service if registered. Each call creates an independent sandbox.
    // The host must call services.AddHttpClient(): event pushes and server verification use the
    // IHttpClientFactory client named "wegate-sandbox-push" (configure it there for proxies or TLS).
    // The SMS and email outbox is the host's SandboxOutbox service when it registers one.
    public static RouteGroupBuilder MapWeChatSandbox(this IEndpointRouteBuilder endpoints, string prefix, SandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var time = endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var httpClients = endpoints.ServiceProvider.GetService<IHttpClientFactory>()
            ?? throw new InvalidOperationException(
                "The WeChat sandbox pushes official-account events over HTTP and needs IHttpClientFactory: call services.AddHttpClient() in the host before MapWeChatSandbox.");
        var sandbox = new WeChatSandbox(options ?? new SandboxOptions(), time, httpClients);
        var root = endpoints.MapGroup(prefix);

        var api = root.MapGroup("api").AddEndpointFilter(new ApiCallFilter(sandbox));
        var routes = new ApiRoutes(api, sandbox);
        TokenEndpoints.Map(routes);
        OfficialAccountEndpoints.Map(routes);
        SnsEndpoints.Map(routes);
        MiniProgramEndpoints.Map(routes);

        // wechat-api.md §1.3: no authentication; an unknown or expired ticket is HTTP 404.
        root.MapGroup("mp").MapGet("cgi-bin/showqrcode", (string? ticket) =>
            sandbox.QrTickets.Find(ticket) is { } found
                ? Results.Bytes(QrImage.Png(found.Url), QrImage.ContentType)
                : Results.NotFound());

        var open = root.MapGroup("open");
        QrConnectPage.Map(open, sandbox);
        AuthorizePage.Map(open, sandbox);

        ControlEndpoints.Map(root.MapGroup("control"), sandbox);
        Outbox.OutboxControl.Map(root.MapGroup("control"), endpoints.ServiceProvider.GetService<Outbox.SandboxOutbox>() ?? new Outbox.SandboxOutbox(time));
        Phone.PhoneEndpoints.Map(root, sandbox);
        return root;
    }
}
